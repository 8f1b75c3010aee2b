namespace Specialized.Runtime.Quantization;

/// <summary>
/// Asymmetric unsigned per-tensor quantization of an activation: <c>real = Scale · (q − ZeroPoint)</c> with
/// <c>q ∈ [0, 2^Bits − 1]</c>. Real 0 is always exactly representable (it is <c>q = ZeroPoint</c>), which is what
/// zero padding and ReLU need.
/// </summary>
/// <remarks>
/// Float → int rounds half to even (as PyTorch's <c>quantize_per_tensor</c>, which uses <c>nearbyint</c>), on
/// the quotient <c>value / Scale</c> computed in double so the result does not depend on FMA contraction or on
/// the JIT. See docs/quantization.md.
/// </remarks>
public readonly record struct ActivationQuantization
{
    /// <summary>Creates the parameters; throws when Bits ∉ [1, 8], Scale is not positive and finite, or ZeroPoint ∉ [0, 2^Bits − 1].</summary>
    public ActivationQuantization(float scale, int zeroPoint, int bits)
    {
        QuantizationChecks.ActivationBits(bits);
        if (!(scale > 0f && float.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "activation scale must be positive and finite");
        }

        int qMax = (1 << bits) - 1;
        if (zeroPoint < 0 || zeroPoint > qMax)
        {
            throw new ArgumentOutOfRangeException(nameof(zeroPoint), zeroPoint, $"zero point must lie in [0, {qMax}] for {bits}-bit activations");
        }

        Scale = scale;
        ZeroPoint = zeroPoint;
        Bits = bits;
    }

    public float Scale { get; }

    public int ZeroPoint { get; }

    public int Bits { get; }

    /// <summary>Smallest quantized value: always 0.</summary>
    public int QMin => 0;

    /// <summary>Largest quantized value: 2^Bits − 1.</summary>
    public int QMax => (1 << Bits) - 1;

    /// <summary>
    /// Parameters covering the observed range [<paramref name="min"/>, <paramref name="max"/>], first widened to
    /// include 0. Scale = (max − min) / (2^bits − 1); ZeroPoint = round_half_even(−min / Scale), clamped into range.
    /// A range that is exactly [0, 0] (an all-zero tensor) gets Scale 1 and ZeroPoint 0, so every later division is
    /// defined and 0 stays exact.
    /// </summary>
    /// <exception cref="ArgumentException">A bound is NaN or infinite, or min &gt; max.</exception>
    public static ActivationQuantization FromRange(float min, float max, int bits)
    {
        QuantizationChecks.ActivationBits(bits);
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"activation range [{min}, {max}] must be finite with min <= max");
        }

        double lo = Math.Min(min, 0.0);
        double hi = Math.Max(max, 0.0);
        int qMax = (1 << bits) - 1;
        float scale = (float)((hi - lo) / qMax);
        if (!(scale > 0f && float.IsFinite(scale)))
        {
            // [0, 0], or a range so narrow its step underflows float: any scale represents all-zero data exactly.
            return new ActivationQuantization(1f, 0, bits);
        }

        int zeroPoint = (int)Math.Clamp(Math.Round(-lo / scale, MidpointRounding.ToEven), 0, qMax);
        return new ActivationQuantization(scale, zeroPoint, bits);
    }

    /// <summary>
    /// <c>clamp(ZeroPoint + round_half_even(value / Scale), 0, QMax)</c>. +∞ maps to QMax, −∞ to 0, and NaN to
    /// ZeroPoint (real 0), so no input can produce an out-of-range code.
    /// </summary>
    public int Quantize(float value)
    {
        if (float.IsNaN(value))
        {
            return ZeroPoint;
        }

        double q = ZeroPoint + Math.Round(value / (double)Scale, MidpointRounding.ToEven);
        return (int)Math.Clamp(q, 0, QMax);
    }

    /// <summary><c>Scale · (q − ZeroPoint)</c>; <paramref name="q"/> is not range-checked (it is math, not a lookup).</summary>
    public float Dequantize(int q) => Scale * (q - ZeroPoint);

    /// <summary>Quantizes every element: <c>destination[i] = Quantize(source[i])</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        QuantizationChecks.DestinationLength(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)Quantize(source[i]);
        }
    }

    /// <summary>Dequantizes every element: <c>destination[i] = Dequantize(source[i])</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    public void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        QuantizationChecks.DestinationLength(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = Dequantize(source[i]);
        }
    }

    public override string ToString() => $"u{Bits}(scale={Scale}, zp={ZeroPoint})";
}
