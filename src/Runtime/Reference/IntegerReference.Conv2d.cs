using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Reference;

public static partial class IntegerReference
{
    /// <summary>
    /// The int32 accumulators of a quantized 2-D convolution, before requantization: for every n, oy, ox and output
    /// channel o (in group g = o / OutChannelsPerGroup),
    /// <c>acc[n, oy, ox, o] = bias[o] + Σ_{ky, kx, i} (input[n, iy, ix, g·Cg + i] − inputZeroPoint) · weight[o, ky, kx, i]</c>
    /// with iy, ix as in <see cref="FloatReference.Conv2d"/>. A padded tap contributes exactly zero: the padded
    /// activation code equals the zero point, whose real value is 0.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: NHWC codes: [batch, inputHeight, inputWidth, InChannels].</para>
    /// <para><paramref name="weight"/>: [OutChannels, KernelH, KernelW, InChannelsPerGroup]: for each output channel its K = KernelH·KernelW·InChannelsPerGroup values contiguous, in the order of an NHWC im2col row (ky, then kx, then channel). OIHW weights map by <c>w[o, ky, kx, i] = oihw[o, i, ky, kx]</c>.</para>
    /// <para><paramref name="bias"/>: [OutChannels] at scale s_in·s_w[o], or empty for no bias.</para>
    /// <para><paramref name="accumulators"/>: NHWC: [batch, OutputHeight, OutputWidth, OutChannels].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Invalid geometry, zero point outside [0, 255], or a span length that does not match.</exception>
    /// <exception cref="OverflowException">An exact sum does not fit int32 (it names the position).</exception>
    public static void Conv2dAccumulators(
        ReadOnlySpan<byte> input, int batch, int inputHeight, int inputWidth, Conv2dGeometry geometry, int inputZeroPoint,
        ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias, Span<int> accumulators)
    {
        var (outH, outW) = CheckConv2d(input.Length, batch, inputHeight, inputWidth, geometry, inputZeroPoint, weight.Length, bias.Length, accumulators.Length);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    for (int o = 0; o < geometry.OutChannels; o++)
                    {
                        accumulators[((n * outH + oy) * outW + ox) * geometry.OutChannels + o] =
                            ConvAccumulator(input, inputHeight, inputWidth, geometry, inputZeroPoint, weight, bias, n, oy, ox, o);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A quantized 2-D convolution: the accumulators of <see cref="Conv2dAccumulators"/>, each requantized with its
    /// output channel's multiplier by <see cref="Requantize"/>: <c>clamp(outputZeroPoint + multipliers[o].Apply(acc), qMin, qMax)</c>.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="multipliers"/>: [OutChannels]: s_in·s_w[o] / s_out per output channel.</para>
    /// <para><paramref name="output"/>: NHWC codes: [batch, OutputHeight, OutputWidth, OutChannels].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">As <see cref="Conv2dAccumulators"/>; also a multiplier count, output zero
    /// point or clamp range that is invalid.</exception>
    /// <exception cref="OverflowException">An exact sum does not fit int32.</exception>
    public static void Conv2d(
        ReadOnlySpan<byte> input, int batch, int inputHeight, int inputWidth, Conv2dGeometry geometry, int inputZeroPoint,
        ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias,
        ReadOnlySpan<FixedPointMultiplier> multipliers, int outputZeroPoint, int qMin, int qMax, Span<byte> output)
    {
        var (outH, outW) = CheckConv2d(input.Length, batch, inputHeight, inputWidth, geometry, inputZeroPoint, weight.Length, bias.Length, output.Length);
        CheckRequantization(multipliers, geometry.OutChannels, outputZeroPoint, qMin, qMax);
        for (int n = 0; n < batch; n++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    for (int o = 0; o < geometry.OutChannels; o++)
                    {
                        int acc = ConvAccumulator(input, inputHeight, inputWidth, geometry, inputZeroPoint, weight, bias, n, oy, ox, o);
                        output[((n * outH + oy) * outW + ox) * geometry.OutChannels + o] =
                            RequantizeUnchecked(acc, multipliers[o], outputZeroPoint, qMin, qMax);
                    }
                }
            }
        }
    }

    private static (int Height, int Width) CheckConv2d(
        int inputLength, int batch, int inputHeight, int inputWidth, in Conv2dGeometry g, int inputZeroPoint,
        int weightLength, int biasLength, int outputLength)
    {
        var (outH, outW) = ArgumentChecks.Conv2d(g, batch, inputHeight, inputWidth);
        ArgumentChecks.ByteRange(inputZeroPoint, nameof(inputZeroPoint));
        ArgumentChecks.Length(inputLength, (long)batch * inputHeight * inputWidth * g.InChannels, "input");
        ArgumentChecks.Length(weightLength, (long)g.OutChannels * g.KernelH * g.KernelW * g.InChannelsPerGroup, "weight");
        if (biasLength != 0)
        {
            ArgumentChecks.Length(biasLength, g.OutChannels, "bias");
        }

        ArgumentChecks.Length(outputLength, (long)batch * outH * outW * g.OutChannels, "output");
        return (outH, outW);
    }

    // One output value; the sum is exact in long and must fit int32 (else AccumulatorOverflow).
    private static int ConvAccumulator(
        ReadOnlySpan<byte> input, int inputHeight, int inputWidth, in Conv2dGeometry g, int inputZeroPoint,
        ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias, int n, int oy, int ox, int o)
    {
        int inPerGroup = g.InChannelsPerGroup;
        int firstInput = o / g.OutChannelsPerGroup * inPerGroup;
        long sum = bias.IsEmpty ? 0 : bias[o];
        for (int ky = 0; ky < g.KernelH; ky++)
        {
            int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH;
            if (iy < 0 || iy >= inputHeight)
            {
                continue;
            }

            for (int kx = 0; kx < g.KernelW; kx++)
            {
                int ix = ox * g.StrideW - g.PadLeft + kx * g.DilationW;
                if (ix < 0 || ix >= inputWidth)
                {
                    continue;
                }

                var x = input.Slice(((n * inputHeight + iy) * inputWidth + ix) * g.InChannels + firstInput, inPerGroup);
                var w = weight.Slice(((o * g.KernelH + ky) * g.KernelW + kx) * inPerGroup, inPerGroup);
                sum += CenteredDot(x, inputZeroPoint, w);
            }
        }

        if (sum is < int.MinValue or > int.MaxValue)
        {
            throw AccumulatorOverflow(sum, $"at (n {n}, y {oy}, x {ox}, channel {o})");
        }

        return (int)sum;
    }
}
