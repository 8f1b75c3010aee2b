namespace Specialized.Runtime.Onnx.Translation;

/// <summary>
/// The 2-D window attributes shared by Conv, MaxPool and AveragePool (kernel_shape, strides, pads, dilations,
/// auto_pad), validated and with ONNX defaults applied. Pads are ONNX order: top, left, bottom, right.
/// </summary>
internal readonly record struct SpatialAttributes(
    int KernelH, int KernelW, int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW)
{
    /// <param name="view">The node.</param>
    /// <param name="kernelFromWeights">The kernel size implied by Conv weights, or null for pools (kernel_shape required).</param>
    public static SpatialAttributes Read(OnnxNodeView view, (int H, int W)? kernelFromWeights)
    {
        long[] kernel = view.Ints("kernel_shape")
            ?? (kernelFromWeights is { } k ? [k.H, k.W] : throw view.Fail("attribute 'kernel_shape' is required"));
        long[] strides = view.Ints("strides") ?? [1, 1];
        long[] dilations = view.Ints("dilations") ?? [1, 1];
        long[]? pads = view.Ints("pads");

        Check(view, "kernel_shape", kernel, 2, 1);
        Check(view, "strides", strides, 2, 1);
        Check(view, "dilations", dilations, 2, 1);
        if (kernelFromWeights is { } w && (kernel[0] != w.H || kernel[1] != w.W))
        {
            throw view.Fail($"kernel_shape [{kernel[0]}, {kernel[1]}] does not match the weight's {w.H}×{w.W}");
        }

        string autoPad = view.String("auto_pad", "NOTSET");
        if (autoPad != "NOTSET" && pads is not null)
        {
            throw view.Fail($"attribute 'pads' cannot be combined with auto_pad={autoPad}");
        }

        pads ??= autoPad switch
        {
            "NOTSET" or "VALID" => [0, 0, 0, 0],
            "SAME_UPPER" or "SAME_LOWER" => SamePads(view, autoPad, kernel, strides, dilations),
            _ => throw view.Unsupported("auto_pad", autoPad, "NOTSET, VALID, SAME_UPPER, SAME_LOWER"),
        };
        Check(view, "pads", pads, 4, 0);

        return new SpatialAttributes(
            (int)kernel[0], (int)kernel[1], (int)strides[0], (int)strides[1],
            (int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3],
            (int)dilations[0], (int)dilations[1]);
    }

    /// <summary>
    /// SAME padding depends on the input size unless the stride is 1, where the total is dilation·(k−1) on
    /// each axis; that case covers stride-1 exports, anything else is rejected rather than guessed.
    /// </summary>
    private static long[] SamePads(OnnxNodeView view, string autoPad, long[] kernel, long[] strides, long[] dilations)
    {
        if (strides.Any(s => s != 1))
        {
            throw view.Unsupported("auto_pad", autoPad, "SAME_* is supported only with stride 1; export with explicit pads");
        }

        var pads = new long[4];
        for (int axis = 0; axis < 2; axis++)
        {
            long total = dilations[axis] * (kernel[axis] - 1);
            long small = total / 2;
            bool upper = autoPad == "SAME_UPPER";
            pads[axis] = upper ? small : total - small;
            pads[axis + 2] = upper ? total - small : small;
        }

        return pads;
    }

    private static void Check(OnnxNodeView view, string name, long[] values, int count, long min)
    {
        if (values.Length != count)
        {
            throw view.Fail($"attribute '{name}' has {values.Length} values, expected {count} (only 2-D windows are supported)");
        }

        foreach (long value in values)
        {
            // The upper bound keeps every derived size (dilation·(k−1), padded input) far from int overflow.
            if (value < min || value > 1 << 20)
            {
                throw view.Unsupported(name, $"[{string.Join(", ", values)}]", $"each value must be in [{min}, {1 << 20}]");
            }
        }
    }
}
