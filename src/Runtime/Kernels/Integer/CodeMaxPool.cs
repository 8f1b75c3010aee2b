using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// Max pooling of NHWC activation codes for the generated models, vectorized over channels (64 codes per step where
/// Vector512 is accelerated, then 16, then a scalar tail): exactly <see cref="IntegerReference.MaxPool2d"/>, which takes the max over the taps
/// inside the image (padding never wins, codes are ≥ 0). Codes keep their scale, so no requantization.
/// </summary>
/// <remarks>
/// Taps of one window along an axis land at <c>o·stride − pad + tap·dilation</c>, increasing in the tap, so the
/// taps inside the image form one contiguous range per axis: computed once per output row and column, the inner
/// loops then need no bounds test.
/// </remarks>
public static class CodeMaxPool
{
    /// <summary>
    /// Writes output rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) of the pooled image; workers
    /// write disjoint row ranges of one output.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry, the spans or the row range do not fit each other.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per layer and run: no tier-0 runs in a benchmark's few passes
    public static void Rows(
        ReadOnlySpan<byte> input, int height, int width, int channels, Pool2dGeometry geometry, Span<byte> output, int firstRow, int rowCount)
    {
        var (outH, outW) = ArgumentChecks.Pool2d(geometry, 1, channels, height, width, input.Length, output.Length);
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > outH)
        {
            throw new ArgumentException($"rows {firstRow}+{rowCount} lie outside the {outH} output rows", nameof(rowCount));
        }

        var rows = PoolAxis.Height(geometry, height);
        var columns = PoolAxis.Width(geometry, width);
        ref byte x = ref MemoryMarshal.GetReference(input);
        ref byte y = ref MemoryMarshal.GetReference(output);
        for (int oy = firstRow; oy < firstRow + rowCount; oy++)
        {
            var (kyBegin, kyEnd) = InsideTaps(rows, oy);
            for (int ox = 0; ox < outW; ox++)
            {
                var (kxBegin, kxEnd) = InsideTaps(columns, ox);
                var window = new Window(rows.Position(oy, kyBegin) * width + columns.Position(ox, kxBegin), kyEnd - kyBegin, kxEnd - kxBegin,
                    geometry.DilationH * width, geometry.DilationW);
                Pixel(ref x, channels, window, ref Unsafe.Add(ref y, (oy * outW + ox) * channels));
            }
        }
    }

    /// <summary>The taps of one window inside the image: first pixel index, tap counts, and pixel strides between taps.</summary>
    private readonly record struct Window(int First, int RowTaps, int ColumnTaps, int RowStride, int ColumnStride);

    /// <summary>[begin, end) of the taps of output position <paramref name="output"/> that land inside the image (never empty: checked).</summary>
    // Like Rows, fully optimized from the first call: left to tiering, these ran as tier-0 code for a benchmark's
    // first ~hundred passes (0.39 instead of 0.08 ms at ResNet-18's 112² max pool; Rows alone was not enough).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Begin, int End) InsideTaps(in PoolAxis axis, int output)
    {
        int begin = 0;
        while (!axis.IsInside(axis.Position(output, begin)))
        {
            begin++;
        }

        int end = begin;
        while (end < axis.Kernel && axis.IsInside(axis.Position(output, end)))
        {
            end++;
        }

        return (begin, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pixel(ref byte x, int channels, Window window, ref byte y)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; c + Vector512<byte>.Count <= channels; c += Vector512<byte>.Count)
            {
                var max = Vector512<byte>.Zero;
                for (int ky = 0; ky < window.RowTaps; ky++)
                {
                    for (int kx = 0; kx < window.ColumnTaps; kx++)
                    {
                        max = Vector512.Max(max, Vector512.LoadUnsafe(ref x, (nuint)(Tap(window, ky, kx) * channels + c)));
                    }
                }

                max.StoreUnsafe(ref y, (nuint)c);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; c + Vector128<byte>.Count <= channels; c += Vector128<byte>.Count)
            {
                var max = Vector128<byte>.Zero;
                for (int ky = 0; ky < window.RowTaps; ky++)
                {
                    for (int kx = 0; kx < window.ColumnTaps; kx++)
                    {
                        max = Vector128.Max(max, Vector128.LoadUnsafe(ref x, (nuint)(Tap(window, ky, kx) * channels + c)));
                    }
                }

                max.StoreUnsafe(ref y, (nuint)c);
            }
        }

        for (; c < channels; c++)
        {
            int max = 0;
            for (int ky = 0; ky < window.RowTaps; ky++)
            {
                for (int kx = 0; kx < window.ColumnTaps; kx++)
                {
                    max = Math.Max(max, Unsafe.Add(ref x, Tap(window, ky, kx) * channels + c));
                }
            }

            Unsafe.Add(ref y, c) = (byte)max;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Tap(in Window window, int ky, int kx) => window.First + ky * window.RowStride + kx * window.ColumnStride;
}
