namespace Specialized.Runtime.Graph;

/// <summary>
/// 2-D convolution on NCHW input, with any BatchNormalization already folded into <see cref="Weight"/> and
/// <see cref="Bias"/> and a following ReLU/Clip fused as <see cref="Activation"/>.
/// </summary>
public sealed class ConvNode : Node
{
    public ConvNode(string name, string input, string output, Conv2dGeometry geometry, float[] weight, float[] bias, FusedActivation activation)
        : base(name, [input], output)
    {
        if (weight.Length != geometry.WeightCount)
        {
            throw Error($"weight has {weight.Length} values, geometry needs {geometry.WeightCount}");
        }

        if (bias.Length != geometry.OutChannels)
        {
            throw Error($"bias has {bias.Length} values, expected {geometry.OutChannels}");
        }

        Geometry = geometry;
        Weight = weight;
        Bias = bias;
        Activation = activation;
    }

    public override string OpType => "Conv";

    public Conv2dGeometry Geometry { get; }

    /// <summary>OIHW, I = in channels per group. A missing ONNX bias is stored as zeros.</summary>
    public float[] Weight { get; }

    public float[] Bias { get; }

    public FusedActivation Activation { get; }

    /// <summary>A copy with other weights and bias (e.g. quantized) and everything else equal.</summary>
    public ConvNode WithParameters(float[] weight, float[] bias) => new(Name, Inputs[0], Output, Geometry, weight, bias, Activation);

    public ConvNode WithActivation(FusedActivation activation) => new(Name, Inputs[0], Output, Geometry, Weight, Bias, activation);

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = RequireRank(inputShapes[0], 4, "input");
        if (x[1] != Geometry.InChannels)
        {
            throw Error($"input has {x[1]} channels, weights expect {Geometry.InChannels}");
        }

        int outH = Geometry.OutputHeight(x[2]);
        int outW = Geometry.OutputWidth(x[3]);
        if (outH <= 0 || outW <= 0)
        {
            throw Error($"input {ShapeText.Format(x)} is too small for a {Geometry.KernelH}×{Geometry.KernelW} kernel");
        }

        return [x[0], Geometry.OutChannels, outH, outW];
    }
}
