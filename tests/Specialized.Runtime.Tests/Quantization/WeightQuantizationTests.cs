using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Quantization;

public class WeightQuantizationTests
{
    public static TheoryData<int> Widths() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void FourBit_HandComputed()
    {
        // Channel 0: max|w| = 1.4 → s = 1.4/7 = 0.2; codes round(w/0.2) = [7, -2, 0 (0.5 → 0, even), 2 (1.5 → 2, even)].
        // Channel 1: max|w| = 0.7 → s = 0.1; codes [−7, 3, 1, 0].
        float[] w = [1.4f, -0.4f, 0.1f, 0.3f, -0.7f, 0.3f, 0.1f, 0f];
        var q = WeightQuantization.Quantize(w, outChannels: 2, bits: 4);
        Assert.Equal(4, q.K);
        Assert.Equal(0.2f, q.Scales[0], 6);
        Assert.Equal(0.1f, q.Scales[1], 6);
        Assert.Equal(new sbyte[] { 7, -2, 0, 2, -7, 3, 1, 0 }, q.Values);
    }

    [Fact]
    public void Binary_UsesSignAndMeanAbsoluteScale()
    {
        float[] w = [0.5f, -1.5f, 0f, 2f, -0.1f, -0.3f];
        var q = WeightQuantization.Quantize(w, outChannels: 2, bits: 1);
        Assert.Equal(new sbyte[] { 1, -1, 1, 1, -1, -1 }, q.Values);
        Assert.Equal((0.5f + 1.5f + 0f) / 3, q.Scales[0], 6);
        Assert.Equal((2f + 0.1f + 0.3f) / 3, q.Scales[1], 6);
    }

    [Fact]
    public void Binary_MeanAbsIsTheL2OptimalScale()
    {
        // Independent check of the documented optimality: no nearby scale gives a smaller squared error.
        var rng = new Random(31);
        float[] w = Enumerable.Range(0, 64).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var q = WeightQuantization.Quantize(w, 1, 1);
        double Error(double s) => w.Select((x, i) => Math.Pow(x - s * q.Values[i], 2)).Sum();
        double best = Error(q.Scales[0]);
        foreach (double factor in new[] { 0.9, 0.99, 0.999, 1.001, 1.01, 1.1 })
        {
            Assert.True(best <= Error(q.Scales[0] * factor), $"factor {factor}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RandomWeights_CodesInRangeAndErrorBounded(int bits)
    {
        int seed = 300 + bits;
        var rng = new Random(seed);
        const int channels = 5, k = 37;
        float[] w = Enumerable.Range(0, channels * k).Select(_ => (float)(rng.NextDouble() * 4 - 2) * (1 + rng.Next(3))).ToArray();
        var q = WeightQuantization.Quantize(w, channels, bits);
        int qMax = WeightQuantization.QMax(bits);
        float[] back = q.Dequantize();
        for (int c = 0; c < channels; c++)
        {
            float maxAbs = w.Skip(c * k).Take(k).Max(Math.Abs);
            for (int i = c * k; i < (c + 1) * k; i++)
            {
                Assert.InRange(q.Values[i], -qMax, qMax);
                if (bits == 1)
                {
                    Assert.NotEqual(0, q.Values[i]);
                    Assert.Equal(Math.Sign(w[i]) >= 0 ? 1 : -1, q.Values[i]);
                }
                else
                {
                    Assert.Equal(maxAbs / qMax, q.Scales[c], 5);
                    Assert.True(Math.Abs(back[i] - w[i]) <= q.Scales[c] * 0.5001f, $"seed {seed} ch {c} i {i}: w={w[i]} back={back[i]}");
                }

                Assert.Equal(q.Scales[c] * q.Values[i], back[i]);
            }
        }
    }

    [Fact]
    public void CallerClip_SaturatesOutliers()
    {
        float[] w = [10f, 0.5f, -0.25f, -3f];
        var q = WeightQuantization.Quantize(w, 1, 3, clip: [1.5f]);
        // s = 1.5 / 3 = 0.5: codes clamp(round([20, 1, −0.5, −6])) = [3, 1, 0 (−0.5 → −0 even), −3].
        Assert.Equal(0.5f, q.Scales[0]);
        Assert.Equal(new sbyte[] { 3, 1, 0, -3 }, q.Values);
    }

    [Fact]
    public void AllZeroChannel_IsExactForMultiBit()
    {
        var q = WeightQuantization.Quantize(new float[6], 2, 4);
        Assert.All(q.Values, v => Assert.Equal(0, v));
        Assert.All(q.Scales, s => Assert.True(s > 0f));
        Assert.All(q.Dequantize(), v => Assert.Equal(0f, v));
        var binary = WeightQuantization.Quantize(new float[3], 1, 1);
        Assert.Equal(WeightQuantization.ZeroChannelBinaryScale, binary.Scales[0]);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        float[] w = [1f, 2f, 3f];
        Assert.Throws<ArgumentException>(() => WeightQuantization.Quantize(w, 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantization.Quantize(w, 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantization.Quantize(w, 1, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantization.Quantize(w, 1, 0));
        Assert.Throws<ArgumentException>(() => WeightQuantization.Quantize(w, 1, 4, clip: [1f, 2f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantization.Quantize(w, 1, 4, clip: [0f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightQuantization.Quantize(w, 1, 4, clip: [float.NaN]));
        Assert.Throws<ArgumentException>(() => WeightQuantization.Quantize([float.NaN], 1, 4));
    }
}
