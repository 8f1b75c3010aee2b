using Specialized.Allocator.Calibration;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Tests.Calibration;

public sealed class ClippingTests
{
    private const int Seed = 20261122;

    /// <summary>Exact Σ (x − Q(x))² over the raw values, through the runtime's activation quantizer.</summary>
    private static double ExactError(float[] values, ActivationRange range, int bits)
    {
        var q = range.ToQuantization(bits);
        return values.Sum(v => Math.Pow(v - q.Dequantize(q.Quantize(v)), 2));
    }

    private static ActivationRange MinMax(float[] values) => new(values.Min(), values.Max());

    private static ActivationRange Mse(float[] values, int bits)
    {
        var histogram = new ValueHistogram(values.Min(), values.Max());
        histogram.Add(values);
        return ActivationClipping.MseOptimal(histogram, bits);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    public static TheoryData<string, int> Distributions()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "uniform", "gaussian", "relu-gaussian", "bimodal", "laplace" })
        {
            foreach (int bits in new[] { 2, 4, 8 })
            {
                data.Add(name, bits);
            }
        }

        return data;
    }

    private static float[] Sample(string name, int count, Random random) => Enumerable.Range(0, count).Select(_ => name switch
    {
        "uniform" => (float)(random.NextDouble() * 3 - 1),
        "gaussian" => Gaussian(random),
        "relu-gaussian" => Math.Max(0f, Gaussian(random)),
        "bimodal" => Gaussian(random) * 0.1f + (random.Next(2) == 0 ? -2f : 3f),
        "laplace" => (float)(-Math.Log(1 - random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1)),
        _ => throw new ArgumentException(name),
    }).ToArray();

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Activation_mse_clipping_is_never_worse_than_min_max(string distribution, int bits)
    {
        var values = Sample(distribution, 20_000, new Random(Seed));

        double mse = ExactError(values, Mse(values, bits), bits);
        double minMax = ExactError(values, MinMax(values), bits);

        // The search runs on bin centres (2,048 bins); 1% covers that approximation on the exact data.
        Assert.True(mse <= minMax * 1.01, $"{distribution} at {bits} bits (seed {Seed}): MSE range error {mse}, min/max error {minMax}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Activation_mse_clipping_wins_on_a_heavy_tailed_distribution(int bits)
    {
        // |Laplace|: the few largest of 40,000 values stretch min/max far beyond the bulk. (A lone extreme outlier
        // would not do: clipping it costs more than it saves, and the MSE range rightly keeps it.)
        var values = Sample("laplace", 40_000, new Random(Seed)).Select(Math.Abs).ToArray();

        var range = Mse(values, bits);
        double mse = ExactError(values, range, bits);
        double minMax = ExactError(values, MinMax(values), bits);

        Assert.True(range.Max < 0.8f * values.Max(), $"expected the top to be clipped, got {range} of max {values.Max()}");
        Assert.True(mse < 0.8 * minMax, $"at {bits} bits (seed {Seed}): clipped error {mse} should be well below min/max error {minMax}");
    }

    [Fact]
    public void Histogram_counts_every_value_in_its_bin()
    {
        var histogram = new ValueHistogram(-1f, 3f, binCount: 4);
        histogram.Add([-5f, -1f, -0.5f, 0f, 0.99f, 1f, 2.5f, 3f, 10f]);

        // Bins [-1,0) [0,1) [1,2) [2,3]; out-of-range values go to the end bins.
        Assert.Equal([3L, 2, 1, 3], histogram.Counts.ToArray());
        Assert.Equal(9, histogram.Total);
        Assert.Equal(-0.5, histogram.Center(0), 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    public void Weight_mse_clip_is_best_on_its_grid_and_never_worse_than_max_abs(int bits)
    {
        var random = new Random(Seed + bits);
        const int channels = 6, k = 576;
        // Channels: Gaussian, heavy-tailed (Laplace), uniform, all-zero, tiny, one constant.
        var weights = new float[channels * k];
        for (int i = 0; i < k; i++)
        {
            weights[i] = Gaussian(random) * 0.1f;
            weights[k + i] = (float)(-Math.Log(1 - random.NextDouble()) * (random.Next(2) == 0 ? -0.05 : 0.05));
            weights[2 * k + i] = (float)(random.NextDouble() - 0.5);
            weights[3 * k + i] = 0f;
            weights[4 * k + i] = Gaussian(random) * 1e-6f;
            weights[5 * k + i] = 0.25f;
        }

        float[] clip = WeightClipping.Choose(weights, channels, bits, ClippingMethod.Mse);
        float[] maxAbs = WeightQuantization.MaxAbsPerChannel(weights, channels);
        for (int c = 0; c < channels; c++)
        {
            float[] row = weights.AsSpan(c * k, k).ToArray();
            double chosen = RuntimeError(row, bits, clip[c]);
            if (maxAbs[c] == 0f)
            {
                Assert.Equal(0.0, chosen);
                continue;
            }

            // Oracle: every grid ratio quantized by the runtime's WeightQuantization, independently of the search's arithmetic.
            for (int step = 0; step < WeightClipping.GridSteps; step++)
            {
                float candidate = (float)(maxAbs[c] * (1.0 - (double)step / WeightClipping.GridSteps));
                double error = RuntimeError(row, bits, candidate);
                Assert.True(chosen <= error * (1 + 1e-9) + 1e-30, $"bits {bits} channel {c}: chosen clip {clip[c]} error {chosen} > ratio step {step} error {error} (seed {Seed + bits})");
            }
        }

        double heavyMax = RuntimeError(weights.AsSpan(k, k).ToArray(), bits, maxAbs[1]);
        double heavyMse = RuntimeError(weights.AsSpan(k, k).ToArray(), bits, clip[1]);
        if (bits <= 4)
        {
            Assert.True(heavyMse < 0.8 * heavyMax, $"bits {bits}: the heavy-tailed channel should gain from clipping ({heavyMse} vs {heavyMax})");
        }
    }

    [Fact]
    public void Weight_min_max_clip_is_max_abs()
    {
        float[] weights = [0.5f, -2f, 1f, 0f, 0f, 0f];

        Assert.Equal([2f, 1f], WeightClipping.Choose(weights, 2, 4, ClippingMethod.MinMax));
    }

    private static double RuntimeError(float[] row, int bits, float clip)
    {
        float[] restored = WeightQuantization.Quantize(row, 1, bits, [clip]).Dequantize();
        return row.Zip(restored).Sum(p => Math.Pow(p.First - (double)p.Second, 2));
    }
}
