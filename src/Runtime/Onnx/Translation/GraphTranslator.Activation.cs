using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    /// <summary>
    /// Relu/Clip: fused into the Conv, Gemm or Add producing its input when this is that tensor's only reader
    /// (the producer then writes this node's output name, keeping its own node name); otherwise a ClampNode.
    /// </summary>
    private void TranslateActivation(OnnxNodeView view, FusedActivation activation)
    {
        string x = Dynamic(view, 0, "X");
        string output = view.RequiredOutput();
        int index = SoleProducer(x);
        Node? fused = index < 0 ? null : nodes[index] switch
        {
            ConvNode conv => new ConvNode(conv.Name, conv.Inputs[0], output, conv.Geometry, conv.Weight, conv.Bias, conv.Activation.Then(activation)),
            GemmNode gemm => new GemmNode(gemm.Name, gemm.Inputs[0], output, gemm.InFeatures, gemm.OutFeatures, gemm.Weight, gemm.Bias, gemm.Activation.Then(activation)),
            AddNode add => new AddNode(add.Name, add.Inputs[0], add.Inputs[1], output, add.Activation.Then(activation)),
            _ => null,
        };

        if (fused is null)
        {
            Emit(view, new ClampNode(view.Name, x, output, activation));
        }
        else
        {
            Replace(view, index, fused);
        }
    }

    /// <summary>Clip (opset ≥ 11): min and max are optional scalar inputs that must be constants.</summary>
    private FusedActivation ClipRange(OnnxNodeView view, long opset)
    {
        if (opset < 11)
        {
            throw view.Fail($"Clip from opset {opset} (attribute form) is not supported; export with opset ≥ 11");
        }

        float min = ClipBound(view, 1, "min", float.NegativeInfinity);
        float max = ClipBound(view, 2, "max", float.PositiveInfinity);
        if (float.IsNaN(min) || float.IsNaN(max) || min > max)
        {
            throw view.Fail($"Clip range [{min}, {max}] is empty or NaN");
        }

        return new FusedActivation(min, max);
    }

    private float ClipBound(OnnxNodeView view, int index, string role, float absent)
    {
        string name = view.Input(index);
        if (name.Length > 0 && !IsConstant(name))
        {
            throw view.Fail($"input {index} ({role}) '{name}' must be a constant (initializer or Constant)");
        }

        TensorProto? tensor = OptionalConstant(view, index, role);
        if (tensor is null)
        {
            return absent;
        }

        float[] value = Floats(view, tensor);
        return value.Length == 1 ? value[0] : throw view.Fail($"input {index} ({role}) '{tensor.Name}' must be a scalar, has {value.Length} values");
    }
}
