namespace Specialized.Runtime.Reference;

/// <summary>
/// The two input-to-output scale ratios of a quantized Add, as integers over one shared power of two:
/// <c>ratio_left ≈ LeftMultiplier / 2^RightShift</c>, <c>ratio_right ≈ RightMultiplier / 2^RightShift</c>.
/// <see cref="Apply"/> sums both centred inputs in that common fixed-point domain and rounds once.
/// </summary>
/// <remarks>
/// <para>The specification is the float formula <c>round(sa/so·(qa − za) + sb/so·(qb − zb))</c>. The shared shift is
/// chosen so the larger multiplier lies in [2^30, 2^31); each multiplier is then the ratio rounded to the nearest
/// integer, an error ≤ 1/2 in units of 2^−RightShift. With centred inputs |qa − za|, |qb − zb| ≤ 255 the pre-rounding
/// sum differs from the exact one by at most 255·2^−RightShift ≤ 255·max(ratio)·2^−30 output steps (≤ 0.016 for a
/// ratio up to 2^16), so the result equals the float formula except when the exact value lies within that distance
/// of a rounding midpoint, and then differs by 1.</para>
/// <para>This is TFLite's idea (lift both inputs into a common higher-precision domain with their own multipliers,
/// add, rescale to the output) with the three roundings of its int32 pipeline (left shift 20, two input multipliers,
/// one output multiplier) folded into one, because the exact 64-bit products are cheap: |(q − z)·M| &lt; 2^39.</para>
/// </remarks>
public readonly record struct AddRescale(int LeftMultiplier, int RightMultiplier, int RightShift)
{
    /// <summary>Largest accepted scale ratio sa/so or sb/so (the same bound as <see cref="Quantization.FixedPointMultiplier.MaxScale"/>).</summary>
    public const double MaxRatio = 1 << 16;

    /// <summary>Smallest accepted larger ratio; the smaller of the two ratios may be anything positive.</summary>
    public const double MinRatio = 1.0 / (1 << 24);

    /// <summary>The left ratio this rescale represents exactly: LeftMultiplier · 2^−RightShift.</summary>
    public double LeftRatio => Math.ScaleB(LeftMultiplier, -RightShift);

    /// <summary>The right ratio this rescale represents exactly: RightMultiplier · 2^−RightShift.</summary>
    public double RightRatio => Math.ScaleB(RightMultiplier, -RightShift);

    /// <summary>Builds the rescale for input scales <paramref name="leftScale"/>, <paramref name="rightScale"/> and output scale <paramref name="outputScale"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A scale is not finite and positive, or the larger ratio lies outside [<see cref="MinRatio"/>, <see cref="MaxRatio"/>].</exception>
    public static AddRescale FromScales(double leftScale, double rightScale, double outputScale)
    {
        RequirePositive(leftScale, nameof(leftScale));
        RequirePositive(rightScale, nameof(rightScale));
        RequirePositive(outputScale, nameof(outputScale));
        double left = leftScale / outputScale;
        double right = rightScale / outputScale;
        double larger = Math.Max(left, right);
        if (!(larger >= MinRatio && larger <= MaxRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(outputScale), larger, "input/output scale ratio of an Add must lie in [2^-24, 2^16]");
        }

        // larger = mantissa · 2^exponent, mantissa ∈ [0.5, 1): shifting by 31 − exponent puts it in [2^30, 2^31).
        int shift = 31 - (Math.ILogB(larger) + 1);
        long leftMultiplier = Round(left, shift);
        long rightMultiplier = Round(right, shift);
        if (Math.Max(leftMultiplier, rightMultiplier) == 1L << 31)
        {
            // The mantissa rounded up to 1.0: one bit less of fraction keeps the multiplier in int range.
            shift--;
            leftMultiplier = Round(left, shift);
            rightMultiplier = Round(right, shift);
        }

        return new AddRescale((int)leftMultiplier, (int)rightMultiplier, shift);
    }

    /// <summary>
    /// <c>round((left·LeftMultiplier + right·RightMultiplier) / 2^RightShift)</c>, half away from zero, exact in 64 bits
    /// for |left|, |right| ≤ 2^30 (centred 8-bit codes are ≤ 255).
    /// </summary>
    public long Apply(int left, int right)
    {
        long sum = (long)left * LeftMultiplier + (long)right * RightMultiplier;
        long half = 1L << (RightShift - 1);
        return sum >= 0 ? (sum + half) >> RightShift : -((-sum + half) >> RightShift);
    }

    private static long Round(double ratio, int shift) => (long)Math.Round(Math.ScaleB(ratio, shift), MidpointRounding.AwayFromZero);

    private static void RequirePositive(double scale, string name)
    {
        if (!(scale > 0 && double.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(name, scale, "scale must be finite and positive");
        }
    }
}
