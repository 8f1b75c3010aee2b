using System.Runtime.CompilerServices;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Blocked single-precision GEMM with a fused epilogue: C = clamp(A·B + bias[row], min, max), A pre-packed
/// (<see cref="PackedMatrixA"/>), B packed here one NR-column micro-panel at a time.
/// </summary>
/// <remarks>
/// Loop order: for each NR columns of the caller's column range, pack B[0..K, cols] (K×NR, in L2 even at K = 4608),
/// then run the micro-kernel over the caller's A panels, each a contiguous K×MR stream. K is not split: the tile
/// accumulates in registers over the whole depth, so bias and clamp are applied once on the final value, and the
/// arithmetic intensity per streamed byte (2·NR FLOP per A value, 2·MR per B value) is far above what L2 delivers.
/// Edge tiles (rows past M, columns past N, or C with a non-unit column stride) are computed in full into a
/// scratch tile — A and B are zero-padded — and only the valid part is copied out.
/// Threads split the work by calling this with disjoint panel or column ranges.
/// </remarks>
internal static unsafe class Sgemm
{
    /// <summary>Floats of B-packing scratch one call needs for depth <paramref name="depth"/>.</summary>
    public static int PackScratchLength(GemmKernel kernel, int depth) => Math.Max(depth, 1) * GemmKernels.Nr(kernel);

    /// <summary>
    /// Computes rows [panelBegin·MR, min(panelEnd·MR, M)) × columns [columnBegin, columnEnd) of C.
    /// C element (m, n) is at <c>c[m·cRowStride + n·cColumnStride]</c>. <paramref name="packScratch"/> needs
    /// <see cref="PackScratchLength"/> floats and must not be shared with a concurrent call.
    /// </summary>
    public static void Multiply(
        PackedMatrixA a, int panelBegin, int panelEnd,
        StridedMatrix b, int columnBegin, int columnEnd,
        float* c, nint cRowStride, nint cColumnStride,
        float min, float max, float* packScratch)
    {
        GemmKernel kernel = a.Kernel;
        int mr = GemmKernels.Mr(kernel), nr = GemmKernels.Nr(kernel);
        int depth = a.Depth;
        float* tile = stackalloc float[12 * 32];
        fixed (float* aData = a.Data)
        fixed (float* bias = a.Bias)
        {
            for (int n0 = columnBegin; n0 < columnEnd; n0 += nr)
            {
                int cols = Math.Min(nr, columnEnd - n0);
                PackPanel(b, n0, cols, depth, nr, packScratch);
                for (int panel = panelBegin; panel < panelEnd; panel++)
                {
                    int row0 = panel * mr;
                    int rows = Math.Min(mr, a.Rows - row0);
                    float* aPanel = aData + (nint)panel * depth * mr;
                    float* cTile = c + row0 * cRowStride + n0 * cColumnStride;
                    if (rows == mr && cols == nr && cColumnStride == 1)
                    {
                        Invoke(kernel, depth, aPanel, packScratch, cTile, cRowStride, bias + row0, min, max);
                        continue;
                    }

                    Invoke(kernel, depth, aPanel, packScratch, tile, nr, bias + row0, min, max);
                    for (int r = 0; r < rows; r++)
                    {
                        for (int j = 0; j < cols; j++)
                        {
                            cTile[r * cRowStride + j * cColumnStride] = tile[r * nr + j];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies B[0..depth, n0..n0+cols) to a K×NR micro-panel, zero-filling columns past <paramref name="cols"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackPanel(StridedMatrix b, int n0, int cols, int depth, int nr, float* dst)
    {
        float* src = b.Data + n0 * b.ColumnStride;
        if (b.ColumnStride == 1)
        {
            uint bytes = (uint)(cols * sizeof(float));
            for (int k = 0; k < depth; k++, src += b.RowStride, dst += nr)
            {
                Unsafe.CopyBlockUnaligned(dst, src, bytes);
                if (cols < nr)
                {
                    new Span<float>(dst + cols, nr - cols).Clear();
                }
            }

            return;
        }

        for (int k = 0; k < depth; k++, src += b.RowStride, dst += nr)
        {
            float* s = src;
            for (int j = 0; j < cols; j++, s += b.ColumnStride)
            {
                dst[j] = *s;
            }

            for (int j = cols; j < nr; j++)
            {
                dst[j] = 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke(GemmKernel kernel, int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max)
    {
        switch (kernel)
        {
            case GemmKernel.Tile8x32_V512:
                MicroKernels.Tile8x32_V512(depth, a, b, c, ldc, bias, min, max);
                break;
            case GemmKernel.Tile12x32_V512:
                MicroKernels.Tile12x32_V512(depth, a, b, c, ldc, bias, min, max);
                break;
            case GemmKernel.Tile6x16_V256:
                MicroKernels.Tile6x16_V256(depth, a, b, c, ldc, bias, min, max);
                break;
            default:
                MicroKernels.Tile4x8_V128(depth, a, b, c, ldc, bias, min, max);
                break;
        }
    }
}
