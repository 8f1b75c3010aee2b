namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// The left GEMM operand (layer weights, M = output channels × K = reduction), packed once for one
/// <see cref="GemmKernel"/>: panel p holds rows [p·MR, p·MR + MR) as K consecutive groups of MR values
/// (row index fastest), rows past M zero-filled, so every micro-kernel call reads one contiguous stream.
/// The bias travels with it, padded the same way, because the micro-kernel adds MR biases per tile.
/// </summary>
/// <remarks>The buffers are pinned (allocated on the pinned object heap): kernels keep raw pointers into them.</remarks>
internal sealed class PackedMatrixA
{
    private PackedMatrixA(GemmKernel kernel, int rows, int depth, float[] data, float[] bias)
    {
        Kernel = kernel;
        Rows = rows;
        Depth = depth;
        Data = data;
        Bias = bias;
    }

    public GemmKernel Kernel { get; }

    /// <summary>M: the number of real (unpadded) rows.</summary>
    public int Rows { get; }

    /// <summary>K: the reduction length.</summary>
    public int Depth { get; }

    public int PanelCount => (Rows + GemmKernels.Mr(Kernel) - 1) / GemmKernels.Mr(Kernel);

    /// <summary>PanelCount × Depth × MR values.</summary>
    public float[] Data { get; }

    /// <summary>PanelCount × MR biases, zero past <see cref="Rows"/>.</summary>
    public float[] Bias { get; }

    /// <summary>
    /// Packs <paramref name="rows"/> rows of a row-major matrix with row stride <paramref name="rowStride"/>
    /// starting at <paramref name="source"/>[0], with bias <paramref name="bias"/>[0..rows).
    /// </summary>
    public static PackedMatrixA Pack(GemmKernel kernel, ReadOnlySpan<float> source, int rows, int depth, int rowStride, ReadOnlySpan<float> bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        if (rows > 0 && (long)(rows - 1) * rowStride + depth > source.Length)
        {
            throw new ArgumentException($"source has {source.Length} values, {rows} rows of stride {rowStride} and depth {depth} need more", nameof(source));
        }

        if (bias.Length < rows)
        {
            throw new ArgumentException($"bias has {bias.Length} values, expected {rows}", nameof(bias));
        }

        var (data, paddedBias) = PackPanels(source, rows, depth, rowStride, bias, GemmKernels.Mr(kernel));
        return new PackedMatrixA(kernel, rows, depth, data, paddedBias);
    }

    /// <summary>
    /// The packing shared by <see cref="PackedMatrixA"/> and <see cref="ChannelPanels"/>: rows of a row-major matrix
    /// (row stride <paramref name="rowStride"/>) into panels of <paramref name="panelRows"/> rows, each K consecutive
    /// groups of <paramref name="panelRows"/> values (row index fastest), rows past <paramref name="rows"/> zero;
    /// the bias padded to whole panels. Both arrays are pinned. Arguments are checked by the callers.
    /// </summary>
    internal static (float[] Data, float[] Bias) PackPanels(ReadOnlySpan<float> source, int rows, int depth, int rowStride, ReadOnlySpan<float> bias, int panelRows)
    {
        int panels = (rows + panelRows - 1) / panelRows;
        var data = GC.AllocateArray<float>(checked(panels * depth * panelRows), pinned: true);
        var paddedBias = GC.AllocateArray<float>(panels * panelRows, pinned: true);
        bias[..rows].CopyTo(paddedBias);
        for (int row = 0; row < rows; row++)
        {
            var src = source.Slice(row * rowStride, depth);
            int baseIndex = row / panelRows * depth * panelRows + row % panelRows;
            for (int k = 0; k < depth; k++)
            {
                data[baseIndex + k * panelRows] = src[k];
            }
        }

        return (data, paddedBias);
    }
}
