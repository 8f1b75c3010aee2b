namespace Specialized.Runtime.Quantization;

/// <summary>
/// A positive real scale as an integer multiplier and a power-of-two shift: scale ≈ Multiplier · 2^(Shift − 31),
/// Multiplier ∈ [2^30, 2^31). Requantization multiplies an int32 accumulator by it with a single rounding
/// (half away from zero) of the exact 64-bit product, so the only error against the float formula is the
/// multiplier's own rounding (relative error ≤ 2^-31), which keeps results within 1 LSB of round(acc · scale).
/// </summary>
/// <remarks>
/// gemmlowp rounds twice (a doubling high multiply, then a rounding shift); we round once because every
/// kernel family can do the 64-bit product (vpmuldq on x86, smull on ARM) and it is closer to the float
/// specification. Scales from 2^-32 up to 2^16 are accepted; real layers sit far inside (XNNPACK asserts &lt; 256).
/// </remarks>
public readonly record struct FixedPointMultiplier(int Multiplier, int Shift)
{
    public const double MinScale = 1.0 / (1L << 32);
    public const double MaxScale = 1 << 16;

    /// <summary>Number of bits the 64-bit product is shifted right: 31 − Shift, in [1, 63].</summary>
    public int RightShift => 31 - Shift;

    /// <summary>The scale this multiplier represents exactly.</summary>
    public double Scale => Multiplier * Math.Pow(2, Shift - 31);

    public static FixedPointMultiplier FromScale(double scale)
    {
        if (!(scale >= MinScale && scale <= MaxScale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"requantization scale must lie in [2^-32, 2^16]");
        }

        // scale = mantissa · 2^exponent with mantissa ∈ [0.5, 1).
        int exponent = Math.ILogB(scale) + 1;
        double mantissa = Math.ScaleB(scale, -exponent);
        long multiplier = (long)Math.Round(mantissa * (1L << 31), MidpointRounding.AwayFromZero);
        if (multiplier == 1L << 31)
        {
            multiplier >>= 1;
            exponent++;
        }

        return new FixedPointMultiplier((int)multiplier, exponent);
    }

    /// <summary>round(value · scale), half away from zero, computed exactly in 64-bit integers.</summary>
    public int Apply(int value)
    {
        long product = (long)value * Multiplier;
        int shift = RightShift;
        long half = 1L << (shift - 1);
        long rounded = product >= 0 ? (product + half) >> shift : -((-product + half) >> shift);
        return (int)Math.Clamp(rounded, int.MinValue, int.MaxValue);
    }
}
