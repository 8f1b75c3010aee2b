namespace Specialized.Runtime.Quantization;

/// <summary>
/// Symmetric signed per-output-channel quantized weights laid out [OutChannels, K] (C order):
/// <c>real[c, k] = Scales[c] · Values[c·K + k]</c>. For Bits ≥ 2, <c>q ∈ [−(2^(Bits−1) − 1), 2^(Bits−1) − 1]</c>
/// (the most negative two's-complement code is never used, so the grid is symmetric and negation is exact);
/// for Bits = 1 the weights are binary, <c>q ∈ {−1, +1}</c>.
/// </summary>
/// <remarks>
/// Per channel c with clipping value t[c] (default max|w| of the channel; a caller may pass its own, e.g. from an
/// MSE-optimal search): for Bits ≥ 2, Scales[c] = t[c] / QMax and q = clamp(round_half_even(w / Scales[c]), −QMax, QMax).
/// For Bits = 1, q = sign(w) with sign(0) = +1, and Scales[c] = mean over k of min(|w|, t[c]); with the default clip
/// that is mean|w|, the scale minimising Σ(w − s·sign(w))² (set the derivative −2Σ(|w| − s) to zero).
/// An all-zero channel (default clip 0) gets Scales[c] = 1 for Bits ≥ 2 (all codes 0, exact) and 2^-16 for
/// Bits = 1 (binary cannot represent 0; the error is then at most 2^-16). See docs/quantization.md.
/// </remarks>
public sealed class WeightQuantization
{
    /// <summary>Binary scale of an all-zero channel: small enough to read as zero, large enough to requantize.</summary>
    public const float ZeroChannelBinaryScale = 1f / 65536;

    private WeightQuantization(int bits, int outChannels, int k, sbyte[] values, float[] scales)
    {
        Bits = bits;
        OutChannels = outChannels;
        K = k;
        Values = values;
        Scales = scales;
    }

    public int Bits { get; }

    public int OutChannels { get; }

    /// <summary>Weights per output channel (the reduction length).</summary>
    public int K { get; }

    /// <summary>Quantized codes, [OutChannels, K] in C order.</summary>
    public sbyte[] Values { get; }

    /// <summary>One positive scale per output channel.</summary>
    public float[] Scales { get; }

    /// <summary>Largest code magnitude for a width: 1 for binary, else 2^(bits−1) − 1.</summary>
    public static int QMax(int bits)
    {
        QuantizationChecks.WeightBits(bits);
        return bits == 1 ? 1 : (1 << (bits - 1)) - 1;
    }

    /// <summary>max |w| of each output channel of a [outChannels, K] weight array: the default clipping values.</summary>
    public static float[] MaxAbsPerChannel(ReadOnlySpan<float> weights, int outChannels)
    {
        int k = ChannelLength(weights.Length, outChannels);
        var result = new float[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            float max = 0f;
            foreach (float w in weights.Slice(c * k, k))
            {
                max = Math.Max(max, Math.Abs(w));
            }

            result[c] = max;
        }

        return result;
    }

    /// <summary>
    /// Quantizes a [<paramref name="outChannels"/>, K] weight array at <paramref name="bits"/> bits, clipping
    /// channel c at <paramref name="clip"/>[c] (positive, finite), or at max|w| of the channel when
    /// <paramref name="clip"/> is empty.
    /// </summary>
    /// <exception cref="ArgumentException">Weights are not finite, their count is not a multiple of outChannels, or clip has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">bits ∉ [1, 8], outChannels &lt; 1, or a clip value is not positive and finite.</exception>
    public static WeightQuantization Quantize(ReadOnlySpan<float> weights, int outChannels, int bits, ReadOnlySpan<float> clip = default)
    {
        int qMax = QMax(bits);
        int k = ChannelLength(weights.Length, outChannels);
        foreach (float w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw new ArgumentException($"weights must be finite, found {w}", nameof(weights));
            }
        }

        bool defaultClip = clip.IsEmpty;
        if (!defaultClip && clip.Length != outChannels)
        {
            throw new ArgumentException($"clip has {clip.Length} values for {outChannels} output channels", nameof(clip));
        }

        float[] maxAbs = MaxAbsPerChannel(weights, outChannels);
        var values = new sbyte[weights.Length];
        var scales = new float[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            float t = defaultClip ? maxAbs[c] : clip[c];
            if (!defaultClip && !(t > 0f && float.IsFinite(t)))
            {
                throw new ArgumentOutOfRangeException(nameof(clip), t, $"clip value of channel {c} must be positive and finite");
            }

            ReadOnlySpan<float> row = weights.Slice(c * k, k);
            Span<sbyte> codes = values.AsSpan(c * k, k);
            scales[c] = bits == 1 ? QuantizeBinary(row, t, codes) : QuantizeUniform(row, t, qMax, codes);
        }

        return new WeightQuantization(bits, outChannels, k, values, scales);
    }

    /// <summary><c>destination[c·K + k] = Scales[c] · Values[c·K + k]</c>.</summary>
    /// <exception cref="ArgumentException">The destination holds fewer than OutChannels·K values.</exception>
    public void Dequantize(Span<float> destination)
    {
        QuantizationChecks.DestinationLength(Values.Length, destination.Length);
        for (int c = 0; c < OutChannels; c++)
        {
            float s = Scales[c];
            for (int i = c * K; i < (c + 1) * K; i++)
            {
                destination[i] = s * Values[i];
            }
        }
    }

    /// <summary>The dequantized weights as a new [OutChannels, K] array.</summary>
    public float[] Dequantize()
    {
        var result = new float[Values.Length];
        Dequantize(result);
        return result;
    }

    private static float QuantizeUniform(ReadOnlySpan<float> row, float clip, int qMax, Span<sbyte> codes)
    {
        // A zero clip only arises from the default on an all-zero channel: every code is 0 whatever the scale.
        float scale = clip > 0f ? clip / qMax : 1f;
        for (int i = 0; i < row.Length; i++)
        {
            double q = Math.Round(row[i] / (double)scale, MidpointRounding.ToEven);
            codes[i] = (sbyte)Math.Clamp(q, -qMax, qMax);
        }

        return scale;
    }

    private static float QuantizeBinary(ReadOnlySpan<float> row, float clip, Span<sbyte> codes)
    {
        double sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            codes[i] = row[i] >= 0f ? (sbyte)1 : (sbyte)-1;
            sum += Math.Min(Math.Abs(row[i]), clip);
        }

        float scale = row.Length == 0 ? 0f : (float)(sum / row.Length);
        return scale > 0f ? scale : ZeroChannelBinaryScale;
    }

    private static int ChannelLength(int count, int outChannels)
    {
        if (outChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, "need at least one output channel");
        }

        if (count % outChannels != 0)
        {
            throw new ArgumentException($"{count} weights do not split into {outChannels} equal output channels", "weights");
        }

        return count / outChannels;
    }
}
