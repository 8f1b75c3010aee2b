using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Reference;

/// <summary>
/// Scalar integer kernels on NHWC tensors of unsigned 8-bit activation codes: the arithmetic every generated and
/// fast integer kernel must reproduce bit for bit (conventions: DESIGN.md §3, docs/reference-kernels.md).
/// </summary>
/// <remarks>
/// Activations are codes q ∈ [0, 2^a − 1] held in bytes with a per-tensor zero point z (real = s·(q − z)); the
/// kernels never look at a: any width up to 8 is the same code. Weights are signed codes held in sbyte (any width
/// 1..8, already unpacked). Parameters are primitives (zero points, <see cref="FixedPointMultiplier"/> spans, clamp
/// bounds) so this class depends on no quantization-parameter type.
/// </remarks>
public static partial class IntegerReference
{
    /// <summary>
    /// The requantization step: <c>clamp(outputZeroPoint + multiplier.Apply(accumulator), qMin, qMax)</c>, where
    /// <see cref="FixedPointMultiplier.Apply"/> is round(accumulator · scale) with one rounding, half away from zero.
    /// A fused ReLU/ReLU6/Clip is expressed by the clamp bounds.
    /// </summary>
    /// <exception cref="ArgumentException">A zero point or bound is outside [0, 255], or qMin &gt; qMax.</exception>
    public static byte Requantize(int accumulator, FixedPointMultiplier multiplier, int outputZeroPoint, int qMin, int qMax)
    {
        ArgumentChecks.ByteRange(outputZeroPoint, nameof(outputZeroPoint));
        ArgumentChecks.ClampRange(qMin, qMax);
        return RequantizeUnchecked(accumulator, multiplier, outputZeroPoint, qMin, qMax);
    }

    /// <summary>
    /// <c>output[i] = clamp(input[i], qMin, qMax)</c>: a ReLU/ReLU6/Clip that could not be fused, in the code domain
    /// (the bounds are the activation's real limits quantized with the tensor's scale and zero point).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or the bounds are invalid.</exception>
    public static void Clamp(ReadOnlySpan<byte> input, int qMin, int qMax, Span<byte> output)
    {
        ArgumentChecks.ClampRange(qMin, qMax);
        ArgumentChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = (byte)Math.Clamp(input[i], qMin, qMax);
        }
    }

    // Adding in long: Apply saturates to the int range, and zero point + int.MaxValue must not wrap.
    private static byte RequantizeUnchecked(int accumulator, FixedPointMultiplier multiplier, int outputZeroPoint, int qMin, int qMax) =>
        (byte)Math.Clamp(outputZeroPoint + (long)multiplier.Apply(accumulator), qMin, qMax);

    /// <summary>The error for an exact sum outside int32; callers test the range first so the message is built only on failure.</summary>
    private static OverflowException AccumulatorOverflow(long sum, string where) =>
        new($"the accumulator {where} is {sum}, outside the int32 range kernels accumulate in");

    /// <summary>numerator / denominator rounded half away from zero; denominator &gt; 0.</summary>
    internal static long DivideRounded(long numerator, long denominator)
    {
        long half = denominator / 2;
        return numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator);
    }

    private static void CheckRequantization(ReadOnlySpan<FixedPointMultiplier> multipliers, int channels, int outputZeroPoint, int qMin, int qMax)
    {
        ArgumentChecks.Length(multipliers.Length, channels, nameof(multipliers));
        ArgumentChecks.ByteRange(outputZeroPoint, nameof(outputZeroPoint));
        ArgumentChecks.ClampRange(qMin, qMax);
        foreach (var m in multipliers)
        {
            // default(FixedPointMultiplier) has Shift 0 and Multiplier 0: not a scale FromScale can produce.
            if (m.Multiplier < 1 << 30 || m.RightShift is < 1 or > 63)
            {
                throw new ArgumentException($"multiplier {m} is not normalized (Multiplier in [2^30, 2^31), 31 − Shift in [1, 63]); build it with FixedPointMultiplier.FromScale", nameof(multipliers));
            }
        }
    }
}
