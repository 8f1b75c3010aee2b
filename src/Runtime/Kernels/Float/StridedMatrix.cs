using System.Runtime.CompilerServices;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// A read-only view of a K×N matrix (the right GEMM operand) in raw memory: element (k, n) is at
/// <c>Data[k·RowStride + n·ColumnStride]</c>. Row-major data (a 1×1 convolution's input image) has ColumnStride 1;
/// a batch of Gemm inputs [N, K] read as its transpose has RowStride 1.
/// </summary>
internal readonly unsafe struct StridedMatrix(float* data, nint rowStride, nint columnStride) : IPanelSource
{
    public float* Data { get; } = data;

    public nint RowStride { get; } = rowStride;

    public nint ColumnStride { get; } = columnStride;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pack(int k0, int depth, int n0, int cols, int nr, float* dst)
    {
        float* src = Data + k0 * RowStride + n0 * ColumnStride;
        if (ColumnStride == 1)
        {
            uint bytes = (uint)(cols * sizeof(float));
            for (int k = 0; k < depth; k++, src += RowStride, dst += nr)
            {
                Unsafe.CopyBlockUnaligned(dst, src, bytes);
                if (cols < nr)
                {
                    new Span<float>(dst + cols, nr - cols).Clear();
                }
            }

            return;
        }

        for (int k = 0; k < depth; k++, src += RowStride, dst += nr)
        {
            float* s = src;
            for (int j = 0; j < cols; j++, s += ColumnStride)
            {
                dst[j] = *s;
            }

            for (int j = cols; j < nr; j++)
            {
                dst[j] = 0f;
            }
        }
    }
}
