using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    /// <summary>
    /// Gemm Y = alpha·A·op(B) + beta·C with constant B and C → GemmNode with W = alpha·B stored [out, in]
    /// and b = beta·C. transA must be 0 (A is the activation); C must be 1-D [out], [1, out] or a scalar.
    /// </summary>
    private void TranslateGemm(OnnxNodeView view)
    {
        string a = Dynamic(view, 0, "A");
        var bTensor = Constant(view, 1, "B");
        float alpha = view.Float("alpha", 1f);
        float beta = view.Float("beta", 1f);
        long transA = view.Int("transA", 0);
        long transB = view.Int("transB", 0);
        if (transA != 0)
        {
            throw view.Unsupported("transA", transA, "only 0");
        }

        if (transB is not (0 or 1))
        {
            throw view.Unsupported("transB", transB, "0 or 1");
        }

        var (inFeatures, outFeatures, weight) = WeightMatrix(view, bTensor, transposed: transB == 1);
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] *= alpha;
        }

        float[] bias = new float[outFeatures];
        var cTensor = OptionalConstant(view, 2, "C");
        if (cTensor is not null)
        {
            int[] cShape = ShapeOf(view, cTensor);
            float[] c = Floats(view, cTensor);
            bool perOutput = c.Length == outFeatures && (cShape.Length == 1 || (cShape.Length == 2 && cShape[0] == 1));
            if (!perOutput && c.Length != 1)
            {
                throw view.Fail($"C '{cTensor.Name}' has shape [{string.Join(", ", cShape)}]; only [{outFeatures}], [1, {outFeatures}] or a scalar is supported");
            }

            for (int o = 0; o < outFeatures; o++)
            {
                bias[o] = beta * c[perOutput ? o : 0];
            }
        }

        Emit(view, new GemmNode(view.Name, a, view.RequiredOutput(), inFeatures, outFeatures, weight, bias, FusedActivation.None));
    }

    /// <summary>MatMul by a constant 2-D right operand B [in, out] → GemmNode with W = Bᵀ and zero bias.</summary>
    private void TranslateMatMul(OnnxNodeView view)
    {
        string a = Dynamic(view, 0, "A");
        if (!IsConstant(view.RequiredInput(1, "B")))
        {
            throw view.Fail("only MatMul by a constant right operand (initializer or Constant) is supported");
        }

        var (inFeatures, outFeatures, weight) = WeightMatrix(view, Constant(view, 1, "B"), transposed: false);
        Emit(view, new GemmNode(view.Name, a, view.RequiredOutput(), inFeatures, outFeatures, weight, new float[outFeatures], FusedActivation.None));
    }

    /// <summary>
    /// Reads a rank-2 constant as a row-major [out, in] weight. <paramref name="transposed"/> means it is already
    /// stored [out, in] (Gemm transB = 1, PyTorch Linear); otherwise it is [in, out] and is transposed here.
    /// </summary>
    private (int In, int Out, float[] Weight) WeightMatrix(OnnxNodeView view, TensorProto tensor, bool transposed)
    {
        int[] shape = ShapeOf(view, tensor);
        if (shape.Length != 2 || shape[0] == 0 || shape[1] == 0)
        {
            throw view.Fail($"B '{tensor.Name}' has shape [{string.Join(", ", shape)}]; a non-empty 2-D matrix is required");
        }

        float[] values = Floats(view, tensor);
        if (transposed)
        {
            return (shape[1], shape[0], values);
        }

        int inFeatures = shape[0], outFeatures = shape[1];
        var weight = new float[values.Length];
        for (int k = 0; k < inFeatures; k++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                weight[(o * inFeatures) + k] = values[(k * outFeatures) + o];
            }
        }

        return (inFeatures, outFeatures, weight);
    }
}
