using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    /// <summary>Conv with constant OIHW weight and optional bias; a missing bias becomes zeros.</summary>
    private void TranslateConv(OnnxNodeView view)
    {
        string x = Dynamic(view, 0, "X");
        var weightTensor = Constant(view, 1, "W");
        int[] shape = ShapeOf(view, weightTensor);
        if (shape.Length != 4)
        {
            throw view.Fail($"weight '{weightTensor.Name}' has rank {shape.Length}; only 2-D convolution (rank-4 OIHW weight) is supported");
        }

        var window = SpatialAttributes.Read(view, (shape[2], shape[3]));
        long group = view.Int("group", 1);
        if (group < 1 || shape[0] % group != 0)
        {
            throw view.Unsupported("group", group, $"must be ≥ 1 and divide the {shape[0]} output channels");
        }

        int outChannels = shape[0];
        long inChannels = shape[1] * group;
        if (inChannels > int.MaxValue || outChannels == 0 || shape[1] == 0)
        {
            throw view.Fail($"weight '{weightTensor.Name}' has unusable shape [{string.Join(", ", shape)}] for group {group}");
        }

        float[] weight = Floats(view, weightTensor);
        float[] bias = BiasOrZeros(view, 2, outChannels);
        var geometry = new Conv2dGeometry(
            (int)inChannels, outChannels, window.KernelH, window.KernelW, window.StrideH, window.StrideW,
            window.PadTop, window.PadLeft, window.PadBottom, window.PadRight, window.DilationH, window.DilationW, (int)group);
        Emit(view, new ConvNode(view.Name, x, view.RequiredOutput(), geometry, weight, bias, FusedActivation.None));
    }

    /// <summary>The 1-D constant bias at input <paramref name="index"/> with <paramref name="count"/> values, or zeros when omitted.</summary>
    private float[] BiasOrZeros(OnnxNodeView view, int index, int count)
    {
        var tensor = OptionalConstant(view, index, "B");
        if (tensor is null)
        {
            return new float[count];
        }

        int[] shape = ShapeOf(view, tensor);
        if (shape.Length != 1 || shape[0] != count)
        {
            throw view.Fail($"bias '{tensor.Name}' has shape [{string.Join(", ", shape)}], expected [{count}]");
        }

        return Floats(view, tensor);
    }
}
