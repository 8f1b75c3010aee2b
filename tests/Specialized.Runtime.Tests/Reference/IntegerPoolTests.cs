using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>Integer pools against the float pools on the same codes (NCHW ↔ NHWC converted in the test), and hand cases for the rounding.</summary>
public class IntegerPoolTests
{
    private static Pool2dGeometry RandomGeometry(Random random, out int h, out int w)
    {
        int kh = random.Next(1, 4), kw = random.Next(1, 4);
        // Pads up to half the kernel keep a real tap in every window, as PyTorch requires.
        var g = new Pool2dGeometry(kh, kw, random.Next(1, 3), random.Next(1, 3),
            random.Next(0, kh / 2 + 1), random.Next(0, kw / 2 + 1), random.Next(0, kh / 2 + 1), random.Next(0, kw / 2 + 1),
            1, 1, CeilMode: random.Next(2) == 1);
        h = kh + random.Next(0, 5);
        w = kw + random.Next(0, 5);
        return g;
    }

    [Fact]
    public void MaxPool_EqualsFloatMaxPool()
    {
        for (int seed = 0; seed < 100; seed++)
        {
            var random = new Random(seed);
            var g = RandomGeometry(random, out int h, out int w);
            const int n = 2, c = 3;
            var nchw = TestData.Codes(random, n * c * h * w, 8);
            int outH = g.OutputHeight(h), outW = g.OutputWidth(w);
            var expected = new float[n * c * outH * outW];
            FloatReference.MaxPool2d(nchw.Select(q => (float)q).ToArray(), n, c, h, w, g, expected);

            var actual = new byte[expected.Length];
            IntegerReference.MaxPool2d(TestData.NchwToNhwc(nchw, n, c, h, w), n, h, w, c, g, actual);
            Assert.True(expected.AsSpan().SequenceEqual(TestData.NhwcToNchw(actual, n, outH, outW, c).Select(q => (float)q).ToArray()), $"seed {seed}: {g} input {h}×{w}");
        }
    }

    [Fact]
    public void AveragePool_IsZeroPointPlusRoundedFloatMeanOfCentredCodes()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var g = RandomGeometry(random, out int h, out int w);
            bool includePad = seed % 2 == 0;
            const int n = 1, c = 4;
            int z = random.Next(256);
            var nchw = TestData.Codes(random, n * c * h * w, 8);
            int outH = g.OutputHeight(h), outW = g.OutputWidth(w);
            var mean = new float[n * c * outH * outW];
            FloatReference.AveragePool2d(TestData.Centred(nchw, z), n, c, h, w, g, includePad, mean);

            var actual = new byte[mean.Length];
            IntegerReference.AveragePool2d(TestData.NchwToNhwc(nchw, n, c, h, w), n, h, w, c, g, includePad, z, actual);
            var got = TestData.NhwcToNchw(actual, n, outH, outW, c);
            for (int i = 0; i < got.Length; i++)
            {
                // Means are multiples of 1/divisor (≤ 9), so float rounding cannot move one across a midpoint.
                double expected = z + Math.Round((double)mean[i], MidpointRounding.AwayFromZero);
                Assert.True(expected == got[i], $"seed {seed}: {g} input {h}×{w} includePad {includePad} z {z} value {i}: expected {expected} got {got[i]}");
            }
        }
    }

    [Fact]
    public void AveragePool_RoundsCentredMeanHalfAwayFromZero()
    {
        // Zero point 10: codes [10, 11] are real [0, 1] → 0.5 → 1 → code 11; codes [9, 10] are [−1, 0] → −0.5 → −1
        // → code 9 (rounding the raw code mean 9.5 half up would give 10 instead).
        var g = new Pool2dGeometry(1, 2, 1, 2, 0, 0, 0, 0, 1, 1, CeilMode: false);
        var output = new byte[2];
        IntegerReference.AveragePool2d([10, 11, 9, 10], 1, 1, 4, 1, g, false, 10, output);
        Assert.Equal([11, 9], output);
    }

    [Fact]
    public void AveragePool_CountedPaddingHoldsTheZeroPoint()
    {
        // Width 4, k 3, s 2, pad 1, ceil (the float hand case), zero point 100, codes 100 + [1, 2, 3, 4]:
        // include pad → real [1, 3, 2]; exclude → [1.5 → 2, 3, 4].
        var g = new Pool2dGeometry(1, 3, 1, 2, 0, 1, 0, 1, 1, 1, CeilMode: true);
        var output = new byte[3];
        IntegerReference.AveragePool2d([101, 102, 103, 104], 1, 1, 4, 1, g, true, 100, output);
        Assert.Equal([101, 103, 102], output);
        IntegerReference.AveragePool2d([101, 102, 103, 104], 1, 1, 4, 1, g, false, 100, output);
        Assert.Equal([102, 103, 104], output);
    }

    [Fact]
    public void GlobalAveragePool_RoundsCentredMeanPerChannel()
    {
        // NHWC 1×2×2×2, zero point 5. Channel 0 codes [5, 6, 6, 6] → 0.75 → 1 → 6; channel 1 [4, 4, 5, 5] → −0.5 → −1 → 4.
        var output = new byte[2];
        IntegerReference.GlobalAveragePool([5, 4, 6, 4, 6, 5, 6, 5], 1, 2, 2, 2, 5, output);
        Assert.Equal([6, 4], output);
    }

    [Fact]
    public void Clamp_ClampsCodes()
    {
        var output = new byte[4];
        IntegerReference.Clamp([0, 50, 128, 255], 40, 200, output);
        Assert.Equal([40, 50, 128, 200], output);
    }
}
