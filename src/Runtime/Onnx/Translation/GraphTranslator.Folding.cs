using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    /// <summary>
    /// Add of two computed tensors → AddNode. Add of a constant is folded into the bias of the Conv/Gemm that
    /// produces the other operand (PyTorch exports MatMul + Add for some Linear layers); anything else is rejected.
    /// </summary>
    private void TranslateAdd(OnnxNodeView view)
    {
        bool leftConstant = IsConstant(view.RequiredInput(0, "A"));
        bool rightConstant = IsConstant(view.RequiredInput(1, "B"));
        if (!leftConstant && !rightConstant)
        {
            Emit(view, new AddNode(view.Name, Dynamic(view, 0, "A"), Dynamic(view, 1, "B"), view.RequiredOutput(), FusedActivation.None));
            return;
        }

        if (leftConstant && rightConstant)
        {
            throw view.Fail("Add of two constants is not supported (the importer does not fold constant subgraphs)");
        }

        int dynamicIndex = leftConstant ? 1 : 0;
        string x = Dynamic(view, dynamicIndex, "X");
        var addend = Constant(view, 1 - dynamicIndex, "constant addend");
        int index = SoleProducer(x);
        var (bias, channelAxisRank) = index < 0 ? (null, 0) : nodes[index] switch
        {
            ConvNode conv when conv.Activation.IsNone => (conv.Bias, 3),
            GemmNode gemm when gemm.Activation.IsNone => (gemm.Bias, 1),
            _ => ((float[]?)null, 0),
        };

        if (bias is null)
        {
            throw view.Fail("Add of a constant is supported only as the bias of a Conv/Gemm (without activation) whose output it is the only reader of");
        }

        float[] perChannel = PerChannelAddend(view, addend, bias.Length, channelAxisRank);
        float[] newBias = new float[bias.Length];
        for (int c = 0; c < newBias.Length; c++)
        {
            newBias[c] = bias[c] + perChannel[c];
        }

        Replace(view, index, WithParameters(nodes[index], view.RequiredOutput(), null, newBias));
    }

    /// <summary>
    /// BatchNormalization (inference form) folded into the preceding Conv, in double:
    /// w' = w·γ/√(var+ε), b' = (b−mean)·γ/√(var+ε) + β.
    /// </summary>
    private void TranslateBatchNormalization(OnnxNodeView view)
    {
        string x = Dynamic(view, 0, "X");
        if (view.Int("training_mode", 0) != 0)
        {
            throw view.Unsupported("training_mode", view.Int("training_mode", 0), "only 0 (inference)");
        }

        if (Enumerable.Range(1, Math.Max(0, view.OutputCount - 1)).Any(i => view.Output(i).Length > 0))
        {
            throw view.Fail("the training outputs (running mean/var) are not supported");
        }

        int index = SoleProducer(x);
        if (index < 0 || nodes[index] is not ConvNode { Activation.IsNone: true } conv)
        {
            throw view.Fail("BatchNormalization is supported only directly after a Conv whose output it is the only reader of (it is folded into the Conv)");
        }

        int channels = conv.Geometry.OutChannels;
        double epsilon = view.Float("epsilon", 1e-5f);
        float[] gamma = ChannelVector(view, 1, "scale", channels);
        float[] beta = ChannelVector(view, 2, "B", channels);
        float[] mean = ChannelVector(view, 3, "input_mean", channels);
        float[] variance = ChannelVector(view, 4, "input_var", channels);

        int perChannel = conv.Geometry.ReductionSize;
        var weight = new float[conv.Weight.Length];
        var bias = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double denominator = (double)variance[c] + epsilon;
            if (!(denominator > 0))
            {
                throw view.Fail($"input_var[{c}] + epsilon = {denominator} is not positive");
            }

            double factor = gamma[c] / Math.Sqrt(denominator);
            for (int k = 0; k < perChannel; k++)
            {
                int i = (c * perChannel) + k;
                weight[i] = (float)(conv.Weight[i] * factor);
            }

            bias[c] = (float)((((double)conv.Bias[c] - mean[c]) * factor) + beta[c]);
        }

        Replace(view, index, WithParameters(conv, view.RequiredOutput(), weight, bias));
    }

    private float[] ChannelVector(OnnxNodeView view, int index, string role, int channels)
    {
        var tensor = Constant(view, index, role);
        int[] shape = ShapeOf(view, tensor);
        if (shape.Length != 1 || shape[0] != channels)
        {
            throw view.Fail($"{role} '{tensor.Name}' has shape [{string.Join(", ", shape)}], expected [{channels}]");
        }

        return Floats(view, tensor);
    }

    /// <summary>
    /// The constant addend as one value per channel. Accepted: a single value (any all-ones shape), or C values
    /// whose shape, without leading 1s, is [C] followed by <paramref name="channelAxisRank"/> − 1 ones — i.e. it
    /// broadcasts along the channel axis of the producer's output ([N, C, H, W] for Conv, [N, C] for Gemm).
    /// </summary>
    private float[] PerChannelAddend(OnnxNodeView view, TensorProto tensor, int channels, int channelAxisRank)
    {
        int[] shape = ShapeOf(view, tensor);
        float[] values = Floats(view, tensor);
        if (values.Length == 1 && shape.Length <= channelAxisRank + 1)
        {
            return Enumerable.Repeat(values[0], channels).ToArray();
        }

        int[] trimmed = shape.SkipWhile(d => d == 1).ToArray();
        bool fits = values.Length == channels
            && shape.Length <= channelAxisRank + 1
            && trimmed.Length <= channelAxisRank
            && (trimmed.Length == 0 || trimmed[0] == channels)
            && trimmed.Skip(1).All(d => d == 1)
            && (trimmed.Length == channelAxisRank || channels == 1);
        if (!fits)
        {
            throw view.Fail($"constant addend '{tensor.Name}' with shape [{string.Join(", ", shape)}] is not a per-channel bias for {channels} channels");
        }

        return values;
    }

    /// <summary>A Conv or Gemm writing <paramref name="output"/> with new weight and/or bias.</summary>
    private static Node WithParameters(Node node, string output, float[]? weight, float[]? bias) => node switch
    {
        ConvNode conv => new ConvNode(conv.Name, conv.Inputs[0], output, conv.Geometry, weight ?? conv.Weight, bias ?? conv.Bias, conv.Activation),
        GemmNode gemm => new GemmNode(gemm.Name, gemm.Inputs[0], output, gemm.InFeatures, gemm.OutFeatures, weight ?? gemm.Weight, bias ?? gemm.Bias, gemm.Activation),
        _ => throw new InvalidOperationException($"only Conv and Gemm carry parameters, not {node.OpType}"),
    };
}
