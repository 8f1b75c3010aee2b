using System.Runtime.CompilerServices;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Blocked single-precision GEMM with a fused epilogue: C = clamp(A·B + bias[row], min, max), A pre-packed
/// (<see cref="PackedMatrixA"/>), B packed here from any <see cref="IPanelSource"/> (a strided matrix, or a
/// convolution's implicit im2col, <see cref="ImageColumns"/>).
/// </summary>
/// <remarks>
/// <para>
/// Loop order (the BLIS/GotoBLAS nest, with A already packed): for each column block of up to NC columns, for
/// each depth block of up to KC rows, pack that block of B into micro-panels (KC×NR each, L2-resident); then for
/// each block of up to MC rows of A (its KC-slices, L2-resident), for each B micro-panel (in L1 while it is used),
/// run the micro-kernel over the A panels of the block. See <see cref="Blocking"/> for the sizes and why.
/// </para>
/// <para>
/// Splitting K means a tile is visited once per depth block: the first visit starts from 0 and adds the bias,
/// later visits start from the stored C and add nothing, and only the last applies the clamp — so the result is
/// clamp(Σ + bias) as without blocking, up to float summation order.
/// </para>
/// <para>
/// Edge tiles (rows past M, columns past N, or C with a non-unit column stride) are computed in full into a
/// scratch tile — A and B are zero-padded — and only the valid part is copied out (and in, when accumulating).
/// Threads split the work by calling this with disjoint panel or column ranges.
/// </para>
/// </remarks>
internal static unsafe class Sgemm
{
    /// <summary>Floats of B-packing scratch one call needs for depth <paramref name="depth"/>.</summary>
    public static int PackScratchLength(GemmKernel kernel, int depth) => Blocking.For(kernel, Math.Max(depth, 1)).ScratchLength(kernel);

    /// <summary>
    /// Computes rows [panelBegin·MR, min(panelEnd·MR, M)) × columns [columnBegin, columnEnd) of C.
    /// C element (m, n) is at <c>c[m·cRowStride + n·cColumnStride]</c>. <paramref name="packScratch"/> needs
    /// <see cref="PackScratchLength"/> floats and must not be shared with a concurrent call.
    /// </summary>
    public static void Multiply<TSource>(
        PackedMatrixA a, int panelBegin, int panelEnd,
        in TSource b, int columnBegin, int columnEnd,
        float* c, nint cRowStride, nint cColumnStride,
        float min, float max, float* packScratch)
        where TSource : struct, IPanelSource =>
        Multiply(a, panelBegin, panelEnd, b, columnBegin, columnEnd, c, cRowStride, cColumnStride, min, max, packScratch, Blocking.For(a.Kernel, a.Depth));

    /// <summary>
    /// <see cref="Multiply{TSource}(PackedMatrixA, int, int, in TSource, int, int, float*, nint, nint, float, float, float*)"/>
    /// with explicit blocking (tests force every depth-block and column-block edge); <paramref name="packScratch"/>
    /// needs <see cref="Blocking.ScratchLength"/> floats.
    /// </summary>
    public static void Multiply<TSource>(
        PackedMatrixA a, int panelBegin, int panelEnd,
        in TSource b, int columnBegin, int columnEnd,
        float* c, nint cRowStride, nint cColumnStride,
        float min, float max, float* packScratch, Blocking blocking)
        where TSource : struct, IPanelSource
    {
        GemmKernel kernel = a.Kernel;
        int mr = GemmKernels.Mr(kernel), nr = GemmKernels.Nr(kernel);
        int depth = a.Depth;
        float* tile = stackalloc float[12 * 32];
        fixed (float* aData = a.Data)
        fixed (float* bias = a.Bias)
        fixed (float* zeroBias = MicroKernels.ZeroBias)
        {
            for (int jc = columnBegin; jc < columnEnd; jc += blocking.ColumnPanels * nr)
            {
                int blockColumns = Math.Min(blocking.ColumnPanels * nr, columnEnd - jc);
                int microPanels = (blockColumns + nr - 1) / nr;
                for (int pc = 0; pc < depth; pc += blocking.DepthBlock)
                {
                    int kc = Math.Min(blocking.DepthBlock, depth - pc);
                    for (int jr = 0; jr < microPanels; jr++)
                    {
                        b.Pack(pc, kc, jc + jr * nr, Math.Min(nr, blockColumns - jr * nr), nr, packScratch + (nint)jr * kc * nr);
                    }

                    bool first = pc == 0, last = pc + kc == depth;
                    float lo = last ? min : float.NegativeInfinity, hi = last ? max : float.PositiveInfinity;
                    for (int ic = panelBegin; ic < panelEnd; ic += blocking.RowPanels)
                    {
                        int icEnd = Math.Min(panelEnd, ic + blocking.RowPanels);
                        for (int jr = 0; jr < microPanels; jr++)
                        {
                            int n0 = jc + jr * nr;
                            int cols = Math.Min(nr, columnEnd - n0);
                            float* bPanel = packScratch + (nint)jr * kc * nr;
                            for (int panel = ic; panel < icEnd; panel++)
                            {
                                int row0 = panel * mr;
                                int rows = Math.Min(mr, a.Rows - row0);
                                float* aPanel = aData + ((nint)panel * depth + pc) * mr;
                                float* cTile = c + row0 * cRowStride + n0 * cColumnStride;
                                float* tileBias = first ? bias + row0 : zeroBias;
                                if (rows == mr && cols == nr && cColumnStride == 1)
                                {
                                    Invoke(kernel, kc, aPanel, bPanel, cTile, cRowStride, tileBias, lo, hi, !first);
                                    continue;
                                }

                                EdgeTile(kernel, kc, aPanel, bPanel, cTile, cRowStride, cColumnStride, rows, cols, nr, tile, tileBias, lo, hi, !first);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>A tile with rows &lt; MR, columns &lt; NR or a strided C: computed in full in <paramref name="tile"/>, valid part copied.</summary>
    private static void EdgeTile(
        GemmKernel kernel, int depth, float* a, float* b, float* c, nint rowStride, nint columnStride,
        int rows, int cols, int nr, float* tile, float* bias, float min, float max, bool accumulate)
    {
        if (accumulate)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < cols; j++)
                {
                    tile[r * nr + j] = c[r * rowStride + j * columnStride];
                }
            }
        }

        Invoke(kernel, depth, a, b, tile, nr, bias, min, max, accumulate);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                c[r * rowStride + j * columnStride] = tile[r * nr + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Invoke(GemmKernel kernel, int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        switch (kernel)
        {
            case GemmKernel.Tile8x32_V512:
                MicroKernels.Tile8x32_V512(depth, a, b, c, ldc, bias, min, max, accumulate);
                break;
            case GemmKernel.Tile12x32_V512:
                MicroKernels.Tile12x32_V512(depth, a, b, c, ldc, bias, min, max, accumulate);
                break;
            case GemmKernel.Tile7x32_V512:
                MicroKernels.Tile7x32_V512(depth, a, b, c, ldc, bias, min, max, accumulate);
                break;
            case GemmKernel.Tile6x16_V256:
                MicroKernels.Tile6x16_V256(depth, a, b, c, ldc, bias, min, max, accumulate);
                break;
            default:
                MicroKernels.Tile4x8_V128(depth, a, b, c, ldc, bias, min, max, accumulate);
                break;
        }
    }
}
