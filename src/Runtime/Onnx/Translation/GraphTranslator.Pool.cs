using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Onnx.Translation;

internal sealed partial class GraphTranslator
{
    /// <summary>MaxPool with storage_order 0 and no Indices output read.</summary>
    private void TranslateMaxPool(OnnxNodeView view)
    {
        string x = Dynamic(view, 0, "X");
        long storageOrder = view.Int("storage_order", 0);
        if (storageOrder != 0)
        {
            throw view.Unsupported("storage_order", storageOrder, "only 0");
        }

        if (view.Output(1).Length > 0)
        {
            throw view.Fail("the Indices output is not supported");
        }

        Emit(view, new MaxPoolNode(view.Name, x, view.RequiredOutput(), PoolGeometry(view)));
    }

    /// <summary>AveragePool with count_include_pad 0 or 1.</summary>
    private void TranslateAveragePool(OnnxNodeView view)
    {
        string x = Dynamic(view, 0, "X");
        long countIncludePad = view.Int("count_include_pad", 0);
        if (countIncludePad is not (0 or 1))
        {
            throw view.Unsupported("count_include_pad", countIncludePad, "0 or 1");
        }

        Emit(view, new AveragePoolNode(view.Name, x, view.RequiredOutput(), PoolGeometry(view), countIncludePad == 1));
    }

    private static Pool2dGeometry PoolGeometry(OnnxNodeView view)
    {
        var window = SpatialAttributes.Read(view, kernelFromWeights: null);
        long ceilMode = view.Int("ceil_mode", 0);
        if (ceilMode is not (0 or 1))
        {
            throw view.Unsupported("ceil_mode", ceilMode, "0 or 1");
        }

        return new Pool2dGeometry(
            window.KernelH, window.KernelW, window.StrideH, window.StrideW,
            window.PadTop, window.PadLeft, window.PadBottom, window.PadRight,
            window.DilationH, window.DilationW, ceilMode == 1);
    }
}
