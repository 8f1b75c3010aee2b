using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Quantization;

public class FixedPointMultiplierTests
{
    private static readonly int[] ExtremeAccumulators =
        [0, 1, -1, 2, -2, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 1 << 30, -(1 << 30), 65535, -65536];

    [Fact]
    public void RandomScalesAndAccumulators_WithinOneLsbOfExactRounding()
    {
        const int seed = 20240611;
        var rng = new Random(seed);
        int cases = 0;
        for (int i = 0; i < 120_000; i++)
        {
            double scale = Math.Pow(2, -20 + 24 * rng.NextDouble());
            int acc = (i % 4) switch
            {
                0 => rng.Next(int.MinValue, int.MaxValue),
                1 => rng.Next(-1 << 16, 1 << 16),
                2 => ExtremeAccumulators[rng.Next(ExtremeAccumulators.Length)],
                _ => (int)Math.Clamp(Math.Round((rng.Next(-1000, 1000) + 0.5) / scale), int.MinValue, int.MaxValue),
            };
            var m = FixedPointMultiplier.FromScale(scale);
            long expected = ExactRounding.RoundHalfAwayFromZero(acc, scale);
            int actual = m.Apply(acc);
            Assert.True(Math.Abs(actual - expected) <= 1, $"seed {seed} case {i}: acc={acc} scale={scale:R} expected={expected} got={actual} ({m})");
            cases++;
        }

        Assert.Equal(120_000, cases);
    }

    [Fact]
    public void ScalesExactlyRepresentable_MatchExactRoundingIncludingTies()
    {
        // A scale with at most 31 significant bits is held exactly, so the single rounding must equal the oracle bit for bit.
        const int seed = 7;
        var rng = new Random(seed);
        for (int i = 0; i < 20_000; i++)
        {
            double scale = Math.ScaleB(rng.Next(1 << 30, int.MaxValue), -31 - rng.Next(-4, 20));
            var m = FixedPointMultiplier.FromScale(scale);
            Assert.Equal(scale, m.Scale);
            int acc = rng.Next(int.MinValue, int.MaxValue);
            Assert.True(ExactRounding.RoundHalfAwayFromZero(acc, scale) == m.Apply(acc), $"seed {seed} case {i}: acc={acc} scale={scale:R}");
        }
    }

    [Theory]
    [InlineData(3, 0.5, 2)]
    [InlineData(-3, 0.5, -2)]
    [InlineData(1, 0.5, 1)]
    [InlineData(-1, 0.5, -1)]
    [InlineData(5, 0.25, 1)]
    [InlineData(6, 0.25, 2)]
    [InlineData(-6, 0.25, -2)]
    [InlineData(7, 0.25, 2)]
    [InlineData(10, 0.75, 8)]
    [InlineData(-10, 0.75, -8)]
    [InlineData(2, 0.75, 2)]
    public void ExactTies_RoundHalfAwayFromZero(int acc, double scale, int expected)
    {
        Assert.Equal(expected, FixedPointMultiplier.FromScale(scale).Apply(acc));
    }

    [Theory]
    [InlineData(-32)]
    [InlineData(-20)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void PowersOfTwo_AreExact(int power)
    {
        double scale = Math.ScaleB(1.0, power);
        var m = FixedPointMultiplier.FromScale(scale);
        Assert.Equal(1 << 30, m.Multiplier);
        Assert.Equal(scale, m.Scale);
        foreach (int acc in ExtremeAccumulators)
        {
            Assert.Equal(ExactRounding.RoundHalfAwayFromZero(acc, scale), m.Apply(acc));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-5)]
    [InlineData(3)]
    public void JustBelowPowerOfTwo_MultiplierRoundsUpToNextPower(int power)
    {
        // The mantissa rounds to 2^31, which does not fit: the multiplier must become 2^30 with the shift raised.
        double scale = Math.BitDecrement(Math.ScaleB(1.0, power));
        var m = FixedPointMultiplier.FromScale(scale);
        Assert.Equal(1 << 30, m.Multiplier);
        Assert.Equal(Math.ScaleB(1.0, power), m.Scale);
        Assert.Equal(1 << (power + 10), m.Apply(1 << 10));
    }

    [Fact]
    public void MinAndMaxScale_AreAcceptedAndExact()
    {
        var min = FixedPointMultiplier.FromScale(FixedPointMultiplier.MinScale);
        var max = FixedPointMultiplier.FromScale(FixedPointMultiplier.MaxScale);
        Assert.Equal(FixedPointMultiplier.MinScale, min.Scale);
        Assert.Equal(FixedPointMultiplier.MaxScale, max.Scale);
        Assert.Equal(0, min.Apply(int.MaxValue)); // (2^31 − 1) / 2^32 is just under one half
        Assert.Equal(-1, min.Apply(int.MinValue)); // exactly −0.5 rounds away from zero
        Assert.Equal(int.MaxValue, max.Apply(1 << 15)); // 2^31 saturates
        Assert.Equal(int.MinValue, max.Apply(-(1 << 15))); // −2^31 fits exactly
        Assert.Equal(int.MinValue, max.Apply(int.MinValue));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(65536.00000000001)]
    [InlineData(2.3283064365386963e-10 * 0.999999)]
    public void OutOfRangeScales_Throw(double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointMultiplier.FromScale(scale));
    }
}
