namespace Specialized.Runtime.Quantization;

/// <summary>Bias quantization for integer kernels: int32 at the accumulator's scale.</summary>
public static class BiasQuantization
{
    /// <summary>
    /// <c>destination[c] = clamp(round_half_even(bias[c] / (inputScale · weightScales[c])), int.MinValue, int.MaxValue)</c>,
    /// computed in double. The scale <c>s_in · s_w[c]</c> is exactly the scale of the int32 accumulator of channel c,
    /// so the bias is added to it before requantization with no rescaling.
    /// </summary>
    /// <remarks>Saturating rather than throwing: a bias beyond 2^31 accumulator steps only occurs for near-empty
    /// channels whose scale is tiny, and the requantized output saturates there anyway.</remarks>
    /// <exception cref="ArgumentException">Lengths disagree, a bias is not finite, or a scale is not positive and finite.</exception>
    public static void Quantize(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales, Span<int> destination)
    {
        if (bias.Length != weightScales.Length)
        {
            throw new ArgumentException($"{bias.Length} bias values for {weightScales.Length} weight scales", nameof(bias));
        }

        QuantizationChecks.DestinationLength(bias.Length, destination.Length);
        if (!(inputScale > 0f && float.IsFinite(inputScale)))
        {
            throw new ArgumentException($"input scale {inputScale} must be positive and finite", nameof(inputScale));
        }

        for (int c = 0; c < bias.Length; c++)
        {
            float ws = weightScales[c];
            if (!(ws > 0f && float.IsFinite(ws)) || !float.IsFinite(bias[c]))
            {
                throw new ArgumentException($"channel {c}: bias {bias[c]} must be finite and weight scale {ws} positive and finite");
            }

            double q = Math.Round(bias[c] / ((double)inputScale * ws), MidpointRounding.ToEven);
            destination[c] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }
    }

    /// <summary>Allocating form of <see cref="Quantize(ReadOnlySpan{float}, float, ReadOnlySpan{float}, Span{int})"/>.</summary>
    public static int[] Quantize(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales)
    {
        var result = new int[bias.Length];
        Quantize(bias, inputScale, weightScales, result);
        return result;
    }
}
