using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Quantization;

/// <summary>The scalar requantization epilogue: int32 accumulator → output code, and the clamp range a fused activation implies.</summary>
public static class Requantization
{
    /// <summary>
    /// <c>clamp(outputZeroPoint + m.Apply(acc), qMin, qMax)</c>: scale the accumulator (round half away from zero),
    /// shift to the output zero point, apply the fused activation as a clamp. The addition is done in 64 bits, so a
    /// saturated <c>Apply</c> cannot wrap.
    /// </summary>
    public static int RequantizeToOutput(int acc, FixedPointMultiplier m, int outputZeroPoint, int qMin, int qMax)
    {
        long value = (long)outputZeroPoint + m.Apply(acc);
        return (int)Math.Clamp(value, qMin, qMax);
    }

    /// <summary>
    /// The output code range [QMin, QMax] of a fused activation on a quantized output:
    /// <c>[output.Quantize(activation.Min), output.Quantize(activation.Max)]</c>. Quantize is monotonic, so clamping
    /// codes to this range equals quantizing the clamped real value. ReLU gives QMin = ZeroPoint; none gives [0, 2^a − 1];
    /// ReLU6 gives QMax = the code of 6 (or 2^a − 1 if 6 lies beyond the range).
    /// </summary>
    /// <exception cref="ArgumentException">The activation's bounds are NaN or Min &gt; Max.</exception>
    public static (int QMin, int QMax) OutputRange(FusedActivation activation, ActivationQuantization output)
    {
        if (float.IsNaN(activation.Min) || float.IsNaN(activation.Max) || activation.Min > activation.Max)
        {
            throw new ArgumentException($"fused activation {activation} is not a valid clamp", nameof(activation));
        }

        return (output.Quantize(activation.Min), output.Quantize(activation.Max));
    }
}
