using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Quantization;

public class ActivationQuantizationTests
{
    public static TheoryData<int> Widths() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void FromRange_HandComputed8Bit()
    {
        // [-1, 3] over 255 steps: s = 4/255, z = round(1 / (4/255)) = round(63.75) = 64.
        var q = ActivationQuantization.FromRange(-1f, 3f, 8);
        Assert.Equal(4f / 255f, q.Scale);
        Assert.Equal(64, q.ZeroPoint);
        Assert.Equal(255, q.QMax);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void FromRange_PositiveRangeIsWidenedToIncludeZero(int bits)
    {
        var q = ActivationQuantization.FromRange(2f, 6f, bits);
        Assert.Equal(0, q.ZeroPoint);
        Assert.Equal(6f / ((1 << bits) - 1), q.Scale, 6);
        Assert.Equal(0f, q.Dequantize(q.Quantize(0f)));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void FromRange_NegativeRangeIsWidenedToIncludeZero(int bits)
    {
        var q = ActivationQuantization.FromRange(-5f, -1f, bits);
        Assert.Equal(q.QMax, q.ZeroPoint);
        Assert.Equal(0, q.Quantize(-5f));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RealZero_IsExactForRandomRanges(int bits)
    {
        var rng = new Random(100 + bits);
        for (int i = 0; i < 1000; i++)
        {
            float min = -10f * rng.NextSingle();
            float max = 10f * rng.NextSingle();
            var q = ActivationQuantization.FromRange(min, max, bits);
            Assert.InRange(q.ZeroPoint, 0, q.QMax);
            Assert.True(q.Dequantize(q.Quantize(0f)) == 0f, $"bits {bits} case {i}: [{min}, {max}] -> {q}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RoundTripError_IsAtMostHalfAStepInsideTheRange(int bits)
    {
        var rng = new Random(200 + bits);
        var q = ActivationQuantization.FromRange(-1.5f, 4.25f, bits);
        for (int i = 0; i < 2000; i++)
        {
            // Inside the representable range [s·(0 − z), s·(QMax − z)].
            float lo = q.Dequantize(0), hi = q.Dequantize(q.QMax);
            float x = lo + (hi - lo) * rng.NextSingle();
            float back = q.Dequantize(q.Quantize(x));
            Assert.True(Math.Abs(back - x) <= q.Scale * 0.5f * 1.0001f, $"bits {bits} case {i}: x={x} back={back} {q}");
        }
    }

    [Fact]
    public void DegenerateZeroRange_GivesUsableScale()
    {
        var q = ActivationQuantization.FromRange(0f, 0f, 4);
        Assert.True(q.Scale > 0f && float.IsFinite(q.Scale));
        Assert.Equal(q.ZeroPoint, q.Quantize(0f));
        Assert.Equal(0f, q.Dequantize(q.ZeroPoint));
    }

    [Fact]
    public void Quantize_RoundsHalfToEvenAndClamps()
    {
        var q = new ActivationQuantization(0.5f, 10, 5);
        Assert.Equal(10, q.Quantize(0.25f)); // 10 + round(0.5) = 10 + 0
        Assert.Equal(12, q.Quantize(0.75f)); // 10 + round(1.5) = 12
        Assert.Equal(12, q.Quantize(1.25f)); // 10 + round(2.5) = 12
        Assert.Equal(8, q.Quantize(-0.75f)); // 10 + round(−1.5) = 8
        Assert.Equal(31, q.Quantize(100f));
        Assert.Equal(0, q.Quantize(-100f));
        Assert.Equal(31, q.Quantize(float.PositiveInfinity));
        Assert.Equal(0, q.Quantize(float.NegativeInfinity));
        Assert.Equal(10, q.Quantize(float.NaN));
    }

    [Fact]
    public void SpanVersions_MatchScalar()
    {
        var q = ActivationQuantization.FromRange(-2f, 2f, 3);
        float[] x = [-3f, -1f, -0.1f, 0f, 0.3f, 1.9f, 5f];
        var codes = new byte[x.Length];
        q.Quantize(x, codes);
        var back = new float[x.Length];
        q.Dequantize(codes, back);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(q.Quantize(x[i]), codes[i]);
            Assert.Equal(q.Dequantize(codes[i]), back[i]);
        }

        Assert.Throws<ArgumentException>(() => q.Quantize(x, new byte[x.Length - 1]));
    }

    [Fact]
    public void InvalidParameters_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationQuantization.FromRange(0f, 1f, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationQuantization.FromRange(0f, 1f, 9));
        Assert.Throws<ArgumentException>(() => ActivationQuantization.FromRange(1f, 0f, 8));
        Assert.Throws<ArgumentException>(() => ActivationQuantization.FromRange(float.NaN, 1f, 8));
        Assert.Throws<ArgumentException>(() => ActivationQuantization.FromRange(0f, float.PositiveInfinity, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationQuantization(0f, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationQuantization(1f, 16, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivationQuantization(1f, -1, 4));
    }
}
