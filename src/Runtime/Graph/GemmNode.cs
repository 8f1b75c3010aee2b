namespace Specialized.Runtime.Graph;

/// <summary>
/// Fully connected layer: y[n, o] = Σ_k x[n, k]·W[o, k] + b[o], then <see cref="Activation"/>. ONNX Gemm with
/// transB=1 (PyTorch Linear) and MatMul by a constant are both imported as this, with W stored [out, in].
/// </summary>
public sealed class GemmNode : Node
{
    public GemmNode(string name, string input, string output, int inFeatures, int outFeatures, float[] weight, float[] bias, FusedActivation activation)
        : base(name, [input], output)
    {
        if (weight.Length != (long)inFeatures * outFeatures)
        {
            throw Error($"weight has {weight.Length} values, expected {outFeatures}×{inFeatures}");
        }

        if (bias.Length != outFeatures)
        {
            throw Error($"bias has {bias.Length} values, expected {outFeatures}");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = weight;
        Bias = bias;
        Activation = activation;
    }

    public override string OpType => "Gemm";

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>[OutFeatures, InFeatures], row-major. A missing bias is stored as zeros.</summary>
    public float[] Weight { get; }

    public float[] Bias { get; }

    public FusedActivation Activation { get; }

    public GemmNode WithParameters(float[] weight, float[] bias) => new(Name, Inputs[0], Output, InFeatures, OutFeatures, weight, bias, Activation);

    public GemmNode WithActivation(FusedActivation activation) => new(Name, Inputs[0], Output, InFeatures, OutFeatures, Weight, Bias, activation);

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = RequireRank(inputShapes[0], 2, "input");
        if (x[1] != InFeatures)
        {
            throw Error($"input has {x[1]} features, weights expect {InFeatures}");
        }

        return [x[0], OutFeatures];
    }
}
