using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

public static partial class IntegerReference
{
    /// <summary>
    /// Max over each window of each channel, on NHWC codes. Input and output share scale and zero point (pools do
    /// not requantize), and the code order is the real order, so this is the float max exactly. Padding is ignored.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [batch, inputHeight, inputWidth, channels].</para>
    /// <para><paramref name="output"/>: [batch, OutputHeight, OutputWidth, channels].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid geometry, a window of padding only, or a span length that does not match.</exception>
    public static void MaxPool2d(
        ReadOnlySpan<byte> input, int batch, int inputHeight, int inputWidth, int channels, Pool2dGeometry geometry, Span<byte> output)
    {
        var (outH, outW) = ArgumentChecks.Pool2d(geometry, batch, channels, inputHeight, inputWidth, input.Length, output.Length);
        var rowsAxis = PoolAxis.Height(geometry, inputHeight);
        var colsAxis = PoolAxis.Width(geometry, inputWidth);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        int max = 0;
                        for (int ky = 0; ky < geometry.KernelH; ky++)
                        {
                            int iy = rowsAxis.Position(oy, ky);
                            for (int kx = 0; kx < geometry.KernelW; kx++)
                            {
                                int ix = colsAxis.Position(ox, kx);
                                if (rowsAxis.IsInside(iy) && colsAxis.IsInside(ix))
                                {
                                    max = Math.Max(max, input[((n * inputHeight + iy) * inputWidth + ix) * channels + c]);
                                }
                            }
                        }

                        output[((n * outH + oy) * outW + ox) * channels + c] = (byte)max;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Mean over each window, on NHWC codes that share one scale and <paramref name="zeroPoint"/> with the output:
    /// <c>output = zeroPoint + roundHalfAwayFromZero(Σ_real (q − zeroPoint) / divisor)</c>. The divisor follows the
    /// float rule exactly (<see cref="FloatReference.AveragePool2d"/>); a counted padded position holds real 0, i.e.
    /// contributes 0 to the centred sum. Rounding the centred value keeps the rounding symmetric in real terms, the
    /// same convention as requantization (round(acc·scale) with acc centred).
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [batch, inputHeight, inputWidth, channels].</para>
    /// <para><paramref name="output"/>: [batch, OutputHeight, OutputWidth, channels].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid geometry, a window of padding only, zero point outside [0, 255], or a span length that does not match.</exception>
    public static void AveragePool2d(
        ReadOnlySpan<byte> input, int batch, int inputHeight, int inputWidth, int channels, Pool2dGeometry geometry,
        bool countIncludePad, int zeroPoint, Span<byte> output)
    {
        var (outH, outW) = ArgumentChecks.Pool2d(geometry, batch, channels, inputHeight, inputWidth, input.Length, output.Length);
        ArgumentChecks.ByteRange(zeroPoint, nameof(zeroPoint));
        var rowsAxis = PoolAxis.Height(geometry, inputHeight);
        var colsAxis = PoolAxis.Width(geometry, inputWidth);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    int divisor = rowsAxis.Divisor(oy, countIncludePad) * colsAxis.Divisor(ox, countIncludePad);
                    for (int c = 0; c < channels; c++)
                    {
                        long sum = 0;
                        for (int ky = 0; ky < geometry.KernelH; ky++)
                        {
                            int iy = rowsAxis.Position(oy, ky);
                            for (int kx = 0; kx < geometry.KernelW; kx++)
                            {
                                int ix = colsAxis.Position(ox, kx);
                                if (rowsAxis.IsInside(iy) && colsAxis.IsInside(ix))
                                {
                                    sum += input[((n * inputHeight + iy) * inputWidth + ix) * channels + c] - zeroPoint;
                                }
                            }
                        }

                        output[((n * outH + oy) * outW + ox) * channels + c] = (byte)(zeroPoint + DivideRounded(sum, divisor));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Mean over H and W of each channel: [batch, height, width, channels] → [batch, channels], with the rounding of
    /// <see cref="AveragePool2d"/>: <c>zeroPoint + roundHalfAwayFromZero(Σ (q − zeroPoint) / (height·width))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is not positive, zero point outside [0, 255], or a span length that does not match.</exception>
    public static void GlobalAveragePool(
        ReadOnlySpan<byte> input, int batch, int height, int width, int channels, int zeroPoint, Span<byte> output)
    {
        ArgumentChecks.Positive(batch, nameof(batch));
        ArgumentChecks.Positive(height, nameof(height));
        ArgumentChecks.Positive(width, nameof(width));
        ArgumentChecks.Positive(channels, nameof(channels));
        ArgumentChecks.ByteRange(zeroPoint, nameof(zeroPoint));
        ArgumentChecks.Length(input.Length, (long)batch * height * width * channels, nameof(input));
        ArgumentChecks.Length(output.Length, (long)batch * channels, nameof(output));
        int area = height * width;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                long sum = 0;
                for (int p = 0; p < area; p++)
                {
                    sum += input[(n * area + p) * channels + c] - zeroPoint;
                }

                output[n * channels + c] = (byte)(zeroPoint + DivideRounded(sum, area));
            }
        }
    }
}
