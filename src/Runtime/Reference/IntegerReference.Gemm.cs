using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Reference;

public static partial class IntegerReference
{
    /// <summary>
    /// The int32 accumulators of a quantized fully connected layer:
    /// <c>acc[r, o] = bias[o] + Σ_k (input[r, k] − inputZeroPoint) · weight[o, k]</c>.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [rows, inFeatures] activation codes.</para>
    /// <para><paramref name="weight"/>: [outFeatures, inFeatures] signed codes (K contiguous per output, as for convolution).</para>
    /// <para><paramref name="bias"/>: [outFeatures], or empty for no bias.</para>
    /// <para><paramref name="accumulators"/>: [rows, outFeatures].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">A dimension is not positive, zero point outside [0, 255], or a span length that does not match.</exception>
    /// <exception cref="OverflowException">An exact sum does not fit int32.</exception>
    public static void GemmAccumulators(
        ReadOnlySpan<byte> input, int rows, int inFeatures, int outFeatures, int inputZeroPoint,
        ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias, Span<int> accumulators)
    {
        CheckGemm(input.Length, rows, inFeatures, outFeatures, inputZeroPoint, weight.Length, bias.Length, accumulators.Length);
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                accumulators[r * outFeatures + o] = GemmAccumulator(input, inFeatures, inputZeroPoint, weight, bias, r, o);
            }
        }
    }

    /// <summary>
    /// A quantized fully connected layer: the accumulators of <see cref="GemmAccumulators"/> requantized per output
    /// feature, <c>clamp(outputZeroPoint + multipliers[o].Apply(acc), qMin, qMax)</c>.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="multipliers"/>: [outFeatures]: s_in·s_w[o] / s_out.</para>
    /// <para><paramref name="output"/>: [rows, outFeatures] codes.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">As <see cref="GemmAccumulators"/>; also invalid requantization parameters.</exception>
    /// <exception cref="OverflowException">An exact sum does not fit int32.</exception>
    public static void Gemm(
        ReadOnlySpan<byte> input, int rows, int inFeatures, int outFeatures, int inputZeroPoint,
        ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias,
        ReadOnlySpan<FixedPointMultiplier> multipliers, int outputZeroPoint, int qMin, int qMax, Span<byte> output)
    {
        CheckGemm(input.Length, rows, inFeatures, outFeatures, inputZeroPoint, weight.Length, bias.Length, output.Length);
        CheckRequantization(multipliers, outFeatures, outputZeroPoint, qMin, qMax);
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                int acc = GemmAccumulator(input, inFeatures, inputZeroPoint, weight, bias, r, o);
                output[r * outFeatures + o] = RequantizeUnchecked(acc, multipliers[o], outputZeroPoint, qMin, qMax);
            }
        }
    }

    private static void CheckGemm(
        int inputLength, int rows, int inFeatures, int outFeatures, int inputZeroPoint, int weightLength, int biasLength, int outputLength)
    {
        ArgumentChecks.Positive(rows, nameof(rows));
        ArgumentChecks.Positive(inFeatures, nameof(inFeatures));
        ArgumentChecks.Positive(outFeatures, nameof(outFeatures));
        ArgumentChecks.ByteRange(inputZeroPoint, nameof(inputZeroPoint));
        ArgumentChecks.Length(inputLength, (long)rows * inFeatures, "input");
        ArgumentChecks.Length(weightLength, (long)outFeatures * inFeatures, "weight");
        if (biasLength != 0)
        {
            ArgumentChecks.Length(biasLength, outFeatures, "bias");
        }

        ArgumentChecks.Length(outputLength, (long)rows * outFeatures, "output");
    }

    private static int GemmAccumulator(
        ReadOnlySpan<byte> input, int inFeatures, int inputZeroPoint, ReadOnlySpan<sbyte> weight, ReadOnlySpan<int> bias, int r, int o)
    {
        var x = input.Slice(r * inFeatures, inFeatures);
        var w = weight.Slice(o * inFeatures, inFeatures);
        long sum = (bias.IsEmpty ? 0 : bias[o]) + CenteredDot(x, inputZeroPoint, w);

        if (sum is < int.MinValue or > int.MaxValue)
        {
            throw AccumulatorOverflow(sum, $"at (row {r}, output {o})");
        }

        return (int)sum;
    }
}
