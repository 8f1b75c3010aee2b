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

        int mr = GemmKernels.Mr(kernel);
        int panels = (rows + mr - 1) / mr;
        var data = GC.AllocateArray<float>(checked(panels * depth * mr), pinned: true);
        var paddedBias = GC.AllocateArray<float>(panels * mr, pinned: true);
        bias[..rows].CopyTo(paddedBias);
        for (int row = 0; row < rows; row++)
        {
            int panel = row / mr, lane = row % mr;
            var src = source.Slice(row * rowStride, depth);
            int baseIndex = panel * depth * mr + lane;
            for (int k = 0; k < depth; k++)
            {
                data[baseIndex + k * mr] = src[k];
            }
        }

        return new PackedMatrixA(kernel, rows, depth, data, paddedBias);
    }
}
