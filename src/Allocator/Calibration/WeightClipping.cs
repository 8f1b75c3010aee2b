using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// Per-output-channel clipping values for <see cref="WeightQuantization.Quantize"/>. MSE: for each channel c the
/// ratio r on the grid 1, 1 − 1/G, …, 1/G (G = <see cref="GridSteps"/>) minimising ‖W[c] − Q(W[c]; r·max|W[c]|)‖²,
/// computed exactly with the quantizer's own arithmetic (float scale t/QMax, round half even of w/scale in double,
/// float dequantization). Ties keep the larger ratio, so r = 1 (max|w|, no clipping) wins unless clipping helps.
/// </summary>
/// <remarks>
/// Binary weights (1 bit) are not searched: their codes are sign(w) whatever the clip, and the clip only lowers the
/// scale mean(min(|w|, t)) below mean|w|, which is already the least-squares scale. An all-zero channel gets clip 1
/// (a positive placeholder: every code is 0 and the channel stays exact).
/// </remarks>
public static class WeightClipping
{
    public const int GridSteps = 100;

    /// <summary>Clip values for a [outChannels, K] weight array at <paramref name="bits"/> bits under <paramref name="method"/>.</summary>
    public static float[] Choose(ReadOnlySpan<float> weights, int outChannels, int bits, ClippingMethod method)
    {
        float[] maxAbs = WeightQuantization.MaxAbsPerChannel(weights, outChannels);
        int k = weights.Length / outChannels;
        int qMax = WeightQuantization.QMax(bits);
        var clip = new float[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            float m = maxAbs[c];
            if (m == 0f)
            {
                clip[c] = 1f;
            }
            else if (method == ClippingMethod.MinMax || bits == 1)
            {
                clip[c] = m;
            }
            else
            {
                clip[c] = BestClip(weights.Slice(c * k, k), m, qMax);
            }
        }

        return clip;
    }

    /// <summary>Σ (w − Q(w))² of one channel quantized with clip <paramref name="clip"/> and code range ±<paramref name="qMax"/> (bits ≥ 2).</summary>
    public static double ChannelSquaredError(ReadOnlySpan<float> row, float clip, int qMax)
    {
        float scale = clip / qMax;
        double total = 0;
        foreach (float w in row)
        {
            double q = Math.Clamp(Math.Round(w / (double)scale, MidpointRounding.ToEven), -qMax, qMax);
            double error = w - (double)(scale * (float)q);
            total += error * error;
        }

        return total;
    }

    private static float BestClip(ReadOnlySpan<float> row, float maxAbs, int qMax)
    {
        float best = maxAbs;
        double bestError = ChannelSquaredError(row, maxAbs, qMax);
        for (int step = 1; step < GridSteps; step++)
        {
            float clip = (float)(maxAbs * (1.0 - (double)step / GridSteps));
            double error = ChannelSquaredError(row, clip, qMax);
            if (error < bestError)
            {
                bestError = error;
                best = clip;
            }
        }

        return best;
    }
}
