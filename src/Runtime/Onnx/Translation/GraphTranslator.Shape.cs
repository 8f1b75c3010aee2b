using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    private void TranslateFlatten(OnnxNodeView view)
    {
        string x = Dynamic(view, 0, "input");
        long axis = view.Int("axis", 1);
        if (axis is < -64 or > 64)
        {
            throw view.Unsupported("axis", axis, "must be within the input rank");
        }

        Emit(view, new FlattenNode(view.Name, x, view.RequiredOutput(), (int)axis));
    }

    /// <summary>Reshape to a constant INT64 shape; allowzero must be 0 (0 means "copy the input dimension").</summary>
    private void TranslateReshape(OnnxNodeView view)
    {
        string data = Dynamic(view, 0, "data");
        long allowZero = view.Int("allowzero", 0);
        if (allowZero != 0)
        {
            throw view.Unsupported("allowzero", allowZero, "only 0");
        }

        if (!IsConstant(view.RequiredInput(1, "shape")))
        {
            throw view.Fail("only a constant target shape (initializer or Constant) is supported");
        }

        var shapeTensor = Constant(view, 1, "shape");
        if (ShapeOf(view, shapeTensor).Length != 1)
        {
            throw view.Fail($"shape '{shapeTensor.Name}' must be 1-D");
        }

        long[] target = TensorDecoder.ToInt64s(shapeTensor, view.Fail);
        Emit(view, new ReshapeNode(view.Name, data, view.RequiredOutput(), target));
    }

    private void TranslateConcat(OnnxNodeView view)
    {
        if (!view.HasAttribute("axis"))
        {
            throw view.Fail("attribute 'axis' is required");
        }

        long axis = view.Int("axis", 0);
        if (axis is < -64 or > 64)
        {
            throw view.Unsupported("axis", axis, "must be within the input rank");
        }

        if (view.InputCount == 0)
        {
            throw view.Fail("has no inputs");
        }

        var inputs = Enumerable.Range(0, view.InputCount).Select(i => Dynamic(view, i, $"input {i}")).ToArray();
        Emit(view, new ConcatNode(view.Name, inputs, view.RequiredOutput(), (int)axis));
    }

    /// <summary>Constant: its 'value' tensor becomes a constant operand for later nodes.</summary>
    private void TranslateConstant(OnnxNodeView view)
    {
        var value = view.Tensor("value")
            ?? throw view.Fail("only the 'value' (tensor) form of Constant is supported");
        string output = view.RequiredOutput();
        if (constants.ContainsKey(output) || producers.ContainsKey(output))
        {
            throw view.Fail($"writes tensor '{output}', which already exists");
        }

        constants[output] = value;
    }

    /// <summary>
    /// Cast to float32 of a constant folds into a float32 constant. This is how weight-compressing converters keep
    /// a float32 graph valid with float16 initializers (initializer → Cast(to=FLOAT) → Conv). Casts of computed
    /// tensors change the data type the executors work in and are not supported.
    /// </summary>
    private void TranslateCast(OnnxNodeView view)
    {
        long to = view.Int("to", 0);
        if (to != TensorProto.Float)
        {
            throw view.Unsupported("to", TensorDecoder.DataTypeName((int)to), "FLOAT (a Cast of a constant to float32)");
        }

        string input = view.RequiredInput(0, "input");
        if (!IsConstant(input))
        {
            throw view.Fail($"input '{input}' is a computed tensor; only Casts of constants (initializers) to float32 are supported");
        }

        var source = Constant(view, 0, "input");
        string output = view.RequiredOutput();
        if (constants.ContainsKey(output) || producers.ContainsKey(output))
        {
            throw view.Fail($"writes tensor '{output}', which already exists");
        }

        constants[output] = TensorProto.FromFloats(output, source.Dims, Floats(view, source));
    }

    /// <summary>Identity and Dropout (inference) are aliases, resolved before translation; here only check them.</summary>
    private void TranslateAlias(OnnxNodeView view)
    {
        string input = view.RequiredInput(0, "input");
        view.RequiredOutput();
        if (!IsConstant(input))
        {
            Dynamic(view, 0, "input");
        }

        if (view.OpType == "Dropout" && view.Output(1).Length > 0 && Consumers(view.Output(1)) > 0)
        {
            throw view.Fail("the Dropout mask output is read by another node; only inference Dropout is supported");
        }
    }
}
