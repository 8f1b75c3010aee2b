using System.Runtime.Intrinsics;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// A convolution of one image computed pixel-major: Yᵀ[N, Cout] = colᵀ[N, K] · Wᵀ[K, Cout], with output pixels
/// as the micro-kernel's rows (MR = 7, packed per call from the image by <see cref="ImageColumns"/>) and output
/// channels as its columns (NR = 32, pre-packed <see cref="ChannelPanels"/>), then transposed into NCHW with bias
/// and clamp: y[co·N + n] = clamp(bias[co] + Σ_k W[co, k]·col[k, n], min, max).
/// </summary>
/// <remarks>
/// <para>
/// Why: the channel-major GEMM tiles N = OH·OW in steps of 32, which wastes 15 of 64 columns at 7² (N = 49) and
/// 28 of 224 at 14²; every ResNet output size is a multiple of 7, so 7-pixel rows waste nothing there, and output
/// channels (multiples of 32) fill the 32 columns. <see cref="Prefer"/> picks the form with fewer padded MACs.
/// </para>
/// <para>
/// Two steps, so that with one image and several workers the packing is split too: <see cref="PackPixels"/> packs
/// colᵀ into 7-pixel panels (workers take disjoint panels of one shared buffer; 0.9 MB at 512→512 @7²), then
/// <see cref="Multiply"/> runs, per worker, a range of channel panels: for each depth block (≤ 384, so one channel
/// panel's slice of 384×32 floats stays near L1) and each channel panel, it sweeps the pixel panels, accumulating
/// into a private N×Cout buffer with unit column stride (full tiles only: pixels and channels are zero-padded).
/// The epilogue transposes the worker's channels into y.
/// </para>
/// </remarks>
internal static unsafe class PixelMajorConv
{
    /// <summary>Output pixels per micro-kernel row block: the MR of <see cref="GemmKernel.Tile7x32_V512"/>.</summary>
    public const int PixelsPerPanel = 7;

    /// <summary>Largest depth block; settable so the benchmark can compare values, nothing else may change it.</summary>
    internal static int DepthLimit { get; set; } = 384;

    /// <summary>Whether <see cref="Prefer"/> may choose this form; settable so the benchmark can compare, nothing else may change it.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// True when this form computes at least 20 % fewer padded MACs than the channel-major GEMM with
    /// <paramref name="kernel"/>. Only ungrouped convolutions, and only where the 512-bit kernels run.
    /// </summary>
    /// <remarks>
    /// The margin is measured (docs/PERFORMANCE.md): per MAC this form is slower — 7-pixel panels cost more to
    /// pack than 32-column ones (0.24 vs 0.14 ms per image at 256→256 @14²), 14 accumulators instead of 16, and
    /// the transposing epilogue. At 14² (12.5 % fewer MACs) it measured ~8 % slower than channel-major; at 7²
    /// (23 % fewer) it was faster in every interleaved run (1 thread, best runs 1.23 vs 1.42 ms; medians under load
    /// 1.5 vs 2.8–5.0 ms, as channel-major there also streams the 9.4 MB of weights from L3 once per column panel).
    /// </remarks>
    public static bool Prefer(GemmKernel kernel, in Conv2dGeometry g, int columns)
    {
        if (!Enabled || g.Groups != 1 || !Vector512.IsHardwareAccelerated
            || kernel is not (GemmKernel.Tile8x32_V512 or GemmKernel.Tile12x32_V512 or GemmKernel.Tile7x32_V512))
        {
            return false;
        }

        long channelMajor = RoundUp(g.OutChannels, GemmKernels.Mr(kernel)) * RoundUp(columns, GemmKernels.Nr(kernel));
        long pixelMajor = RoundUp(columns, PixelsPerPanel) * RoundUp(g.OutChannels, ChannelPanels.Width);
        return pixelMajor * 5 <= channelMajor * 4;
    }

    /// <summary>Floats of the packed pixel panels of one image (all of K): <see cref="PackPixels"/> fills them.</summary>
    public static long PixelLength(int depth, int columns) => RoundUp(columns, PixelsPerPanel) * Math.Max(depth, 1);

    /// <summary>Floats of the N×Cout accumulator one <see cref="Multiply"/> call needs.</summary>
    public static long AccumulatorLength(int columns, int channels) => RoundUp(columns, PixelsPerPanel) * RoundUp(channels, ChannelPanels.Width);

    /// <summary>
    /// Packs pixel panels [panelBegin, panelEnd) of colᵀ: panel p holds pixels [7p, 7p + 7) as K consecutive groups of
    /// 7 (pixel index fastest, zero past N) at <c>pixels + p·K·7</c>. Workers may pack disjoint ranges into one buffer.
    /// </summary>
    public static void PackPixels(in ImageColumns x, int depth, int columns, float* pixels, int panelBegin, int panelEnd)
    {
        const int mr = PixelsPerPanel;
        for (int p = panelBegin; p < panelEnd; p++)
        {
            x.Pack(0, depth, p * mr, Math.Min(mr, columns - p * mr), mr, pixels + (nint)p * depth * mr);
        }
    }

    /// <summary>
    /// Computes channel panels [panelBegin, panelEnd) of y (Cout×N, row-major) from pixel panels packed by
    /// <see cref="PackPixels"/>. <paramref name="accumulator"/> needs <see cref="AccumulatorLength"/> floats and must
    /// not be shared with a concurrent call; <paramref name="pixels"/> is only read.
    /// </summary>
    public static void Multiply(ChannelPanels w, float* pixels, int columns, float* y, int panelBegin, int panelEnd, float min, float max, float* accumulator)
    {
        const int mr = PixelsPerPanel, nr = ChannelPanels.Width;
        int depth = w.Depth, kc = DepthBlock(depth);
        int pixelPanels = (columns + mr - 1) / mr;
        nint ldAcc = (nint)w.PanelCount * nr;
        float* acc = accumulator;
        fixed (float* weights = w.Data)
        fixed (float* bias = w.Bias)
        fixed (float* zero = MicroKernels.ZeroBias)
        {
            for (int pc = 0; pc < depth; pc += kc)
            {
                int kcur = Math.Min(kc, depth - pc);
                for (int q = panelBegin; q < panelEnd; q++)
                {
                    float* panel = weights + ((nint)q * depth + pc) * nr;
                    for (int p = 0; p < pixelPanels; p++)
                    {
                        MicroKernels.Tile7x32_V512(kcur, pixels + ((nint)p * depth + pc) * mr, panel, acc + p * mr * ldAcc + q * nr, ldAcc,
                            zero, float.NegativeInfinity, float.PositiveInfinity, accumulate: pc > 0);
                    }
                }
            }

            // Transpose out; MathF.Max/Min propagate NaN like FusedActivation.Apply and the kernels' clamp.
            int channelEnd = Math.Min(panelEnd * nr, w.Channels);
            for (int co = panelBegin * nr; co < channelEnd; co++)
            {
                float b = bias[co];
                float* source = acc + co;
                float* target = y + (nint)co * columns;
                for (int n = 0; n < columns; n++, source += ldAcc)
                {
                    target[n] = MathF.Min(MathF.Max(*source + b, min), max);
                }
            }
        }
    }

    /// <summary>The depth block: K cut into equal blocks of at most 384.</summary>
    private static int DepthBlock(int depth)
    {
        int blocks = (Math.Max(depth, 1) - 1) / DepthLimit + 1;
        return (Math.Max(depth, 1) + blocks - 1) / blocks;
    }

    private static long RoundUp(int value, int multiple) => (value + (long)multiple - 1) / multiple * multiple;
}
