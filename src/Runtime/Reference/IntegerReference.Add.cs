namespace Specialized.Runtime.Reference;

public static partial class IntegerReference
{
    /// <summary>
    /// Quantized element-wise Add (the residual add), both inputs rescaled to the output scale:
    /// <c>output[i] = clamp(outputZeroPoint + rescale.Apply(left[i] − leftZeroPoint, right[i] − rightZeroPoint), qMin, qMax)</c>,
    /// within 1 LSB of <c>zo + round(sa/so·(qa − za) + sb/so·(qb − zb))</c> (see <see cref="AddRescale"/>).
    /// A fused ReLU is the clamp.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, a zero point is outside [0, 255], the clamp
    /// range is invalid, or <paramref name="rescale"/> is not one <see cref="AddRescale.FromScales"/> can produce.</exception>
    public static void Add(
        ReadOnlySpan<byte> left, int leftZeroPoint, ReadOnlySpan<byte> right, int rightZeroPoint, AddRescale rescale,
        int outputZeroPoint, int qMin, int qMax, Span<byte> output)
    {
        ArgumentChecks.Length(right.Length, left.Length, nameof(right));
        ArgumentChecks.Length(output.Length, left.Length, nameof(output));
        ArgumentChecks.ByteRange(leftZeroPoint, nameof(leftZeroPoint));
        ArgumentChecks.ByteRange(rightZeroPoint, nameof(rightZeroPoint));
        ArgumentChecks.ByteRange(outputZeroPoint, nameof(outputZeroPoint));
        ArgumentChecks.ClampRange(qMin, qMax);
        if (rescale.LeftMultiplier < 0 || rescale.RightMultiplier < 0 || rescale.RightShift is < 1 or > 62)
        {
            throw new ArgumentException($"{rescale} is not normalized; build it with AddRescale.FromScales", nameof(rescale));
        }

        for (int i = 0; i < left.Length; i++)
        {
            long sum = rescale.Apply(left[i] - leftZeroPoint, right[i] - rightZeroPoint);
            output[i] = (byte)Math.Clamp(outputZeroPoint + sum, qMin, qMax);
        }
    }
}
