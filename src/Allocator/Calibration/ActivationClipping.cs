using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// MSE-optimal clipping of an activation range: among the candidate ranges [a·min, b·max] with a, b on the grid
/// 1, 1 − 1/G, …, 1/G (G = <see cref="GridSteps"/>), the one whose <paramref name="bits"/>-bit asymmetric quantizer
/// (<see cref="ActivationQuantization.FromRange"/>) has the least squared error Σ count·(x − Q(x))² over the
/// histogram, each bin represented by its centre.
/// </summary>
/// <remarks>
/// The unclipped range (a = b = 1) is a candidate and wins ties, so the estimate is never worse than min/max. The
/// estimate treats every value as its bin centre: with 2,048 bins and 8 bits a bin is 1/8 of a quantization step,
/// so the true error can differ from the estimate by a small fraction of a step² (tests allow for that).
/// When min ≥ 0 (after a ReLU) only the top moves, since the range is widened to include 0 anyway; likewise for max ≤ 0.
/// </remarks>
public static class ActivationClipping
{
    public const int GridSteps = 50;

    /// <summary>The MSE-optimal range for <paramref name="histogram"/> at <paramref name="bits"/> bits.</summary>
    public static ActivationRange MseOptimal(ValueHistogram histogram, int bits)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var best = new ActivationRange(histogram.Min, histogram.Max);
        if (histogram.Total == 0 || histogram.Min == histogram.Max)
        {
            return best;
        }

        double bestError = SquaredError(histogram, best, bits);
        int lowSteps = histogram.Min < 0 ? GridSteps : 1;
        int highSteps = histogram.Max > 0 ? GridSteps : 1;
        for (int i = 0; i < lowSteps; i++)
        {
            for (int j = 0; j < highSteps; j++)
            {
                if (i == 0 && j == 0)
                {
                    continue;
                }

                var candidate = new ActivationRange(
                    (float)(histogram.Min * (1.0 - (double)i / GridSteps)),
                    (float)(histogram.Max * (1.0 - (double)j / GridSteps)));
                double error = SquaredError(histogram, candidate, bits);
                if (error < bestError)
                {
                    bestError = error;
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>Σ count·(centre − Q(centre))² for the quantizer of <paramref name="range"/>: the search objective.</summary>
    public static double SquaredError(ValueHistogram histogram, ActivationRange range, int bits)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var quantizer = range.ToQuantization(bits);
        ReadOnlySpan<long> counts = histogram.Counts;
        double total = 0;
        for (int bin = 0; bin < counts.Length; bin++)
        {
            if (counts[bin] == 0)
            {
                continue;
            }

            double x = histogram.Center(bin);
            double error = x - quantizer.Dequantize(quantizer.Quantize((float)x));
            total += counts[bin] * error * error;
        }

        return total;
    }
}
