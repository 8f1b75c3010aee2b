using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

public static partial class FloatReference
{
    /// <summary>
    /// Max over each window of each channel. Padding never wins (it acts as −inf); a window with only padding is
    /// rejected. Ceil mode follows <see cref="Pool2dGeometry"/>. A NaN in the window propagates to the output, as in PyTorch.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [batch, channels, inputHeight, inputWidth].</para>
    /// <para><paramref name="output"/>: [batch, channels, OutputHeight, OutputWidth].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid geometry, a window of padding only, or a span length that does not match.</exception>
    public static void MaxPool2d(
        ReadOnlySpan<float> input, int batch, int channels, int inputHeight, int inputWidth, Pool2dGeometry geometry, Span<float> output)
    {
        var (outH, outW) = ArgumentChecks.Pool2d(geometry, batch, channels, inputHeight, inputWidth, input.Length, output.Length);
        var rowsAxis = PoolAxis.Height(geometry, inputHeight);
        var colsAxis = PoolAxis.Width(geometry, inputWidth);
        for (int plane = 0; plane < batch * channels; plane++)
        {
            var x = input.Slice(plane * inputHeight * inputWidth, inputHeight * inputWidth);
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    float max = float.NegativeInfinity;
                    for (int ky = 0; ky < geometry.KernelH; ky++)
                    {
                        int iy = rowsAxis.Position(oy, ky);
                        for (int kx = 0; kx < geometry.KernelW; kx++)
                        {
                            int ix = colsAxis.Position(ox, kx);
                            if (rowsAxis.IsInside(iy) && colsAxis.IsInside(ix))
                            {
                                float value = x[iy * inputWidth + ix];
                                if (value > max || float.IsNaN(value))
                                {
                                    max = value;
                                }
                            }
                        }
                    }

                    output[(plane * outH + oy) * outW + ox] = max;
                }
            }
        }
    }

    /// <summary>
    /// Mean over each window: the sum of the real input positions in the window divided by
    /// <c>divisorH · divisorW</c>. Without <paramref name="countIncludePad"/> a divisor counts the real positions
    /// only; with it, it also counts padded positions, but never the part of a ceil-mode window that lies past the
    /// padding (PyTorch semantics). Sum in double, one rounding to float.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [batch, channels, inputHeight, inputWidth].</para>
    /// <para><paramref name="output"/>: [batch, channels, OutputHeight, OutputWidth].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid geometry, a window of padding only, or a span length that does not match.</exception>
    public static void AveragePool2d(
        ReadOnlySpan<float> input, int batch, int channels, int inputHeight, int inputWidth, Pool2dGeometry geometry,
        bool countIncludePad, Span<float> output)
    {
        var (outH, outW) = ArgumentChecks.Pool2d(geometry, batch, channels, inputHeight, inputWidth, input.Length, output.Length);
        var rowsAxis = PoolAxis.Height(geometry, inputHeight);
        var colsAxis = PoolAxis.Width(geometry, inputWidth);
        for (int plane = 0; plane < batch * channels; plane++)
        {
            var x = input.Slice(plane * inputHeight * inputWidth, inputHeight * inputWidth);
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    double sum = 0;
                    for (int ky = 0; ky < geometry.KernelH; ky++)
                    {
                        int iy = rowsAxis.Position(oy, ky);
                        for (int kx = 0; kx < geometry.KernelW; kx++)
                        {
                            int ix = colsAxis.Position(ox, kx);
                            if (rowsAxis.IsInside(iy) && colsAxis.IsInside(ix))
                            {
                                sum += x[iy * inputWidth + ix];
                            }
                        }
                    }

                    int divisor = rowsAxis.Divisor(oy, countIncludePad) * colsAxis.Divisor(ox, countIncludePad);
                    output[(plane * outH + oy) * outW + ox] = (float)(sum / divisor);
                }
            }
        }
    }

    /// <summary>Mean over H and W of each channel: [batch, channels, height, width] → [batch, channels] (i.e. N×C×1×1).</summary>
    /// <exception cref="ArgumentException">A dimension is not positive or a span length does not match.</exception>
    public static void GlobalAveragePool(ReadOnlySpan<float> input, int batch, int channels, int height, int width, Span<float> output)
    {
        ArgumentChecks.Positive(batch, nameof(batch));
        ArgumentChecks.Positive(channels, nameof(channels));
        ArgumentChecks.Positive(height, nameof(height));
        ArgumentChecks.Positive(width, nameof(width));
        ArgumentChecks.Length(input.Length, (long)batch * channels * height * width, nameof(input));
        ArgumentChecks.Length(output.Length, (long)batch * channels, nameof(output));
        int area = height * width;
        for (int plane = 0; plane < batch * channels; plane++)
        {
            double sum = 0;
            foreach (float value in input.Slice(plane * area, area))
            {
                sum += value;
            }

            output[plane] = (float)(sum / area);
        }
    }
}
