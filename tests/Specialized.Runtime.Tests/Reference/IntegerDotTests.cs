using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>
/// The reference's one inner product, vectorized, against the plain loop it replaced: every length through several
/// vector widths (so every remainder), extreme codes, and sums long enough to need the folds and to pass int32.
/// </summary>
public sealed class IntegerDotTests
{
    [Fact]
    public void Equals_the_plain_sum_for_every_length_up_to_300_with_random_codes()
    {
        var rng = new Random(42);
        for (int length = 0; length <= 300; length++)
        {
            var x = new byte[length];
            var w = new sbyte[length];
            rng.NextBytes(x);
            for (int i = 0; i < length; i++)
            {
                w[i] = (sbyte)rng.Next(-128, 128);
            }

            int zeroPoint = rng.Next(0, 256);
            Assert.True(Plain(x, zeroPoint, w) == IntegerReference.CenteredDot(x, zeroPoint, w), $"length {length}, zero point {zeroPoint}");
        }
    }

    [Theory]
    [InlineData(255, 0, -128)]    // (255 − 0)·(−128) = −32,640, the most negative product
    [InlineData(0, 255, -128)]    // (0 − 255)·(−128) = +32,640
    [InlineData(255, 0, 127)]
    [InlineData(0, 255, 127)]
    public void Extreme_codes_are_exact_over_long_sums_beyond_int32(byte code, int zeroPoint, sbyte weight)
    {
        // 100,003 terms of ±32,640 or ±32,385: |sum| > 3·10⁹, past int32, through many folds and a scalar tail.
        const int length = 100_003;
        var x = Enumerable.Repeat(code, length).ToArray();
        var w = Enumerable.Repeat(weight, length).ToArray();

        long expected = (long)length * (code - zeroPoint) * weight;

        Assert.Equal(expected, IntegerReference.CenteredDot(x, zeroPoint, w));
        Assert.Equal(expected, Plain(x, zeroPoint, w));
    }

    private static long Plain(byte[] x, int zeroPoint, sbyte[] w)
    {
        long sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - zeroPoint) * w[i];
        }

        return sum;
    }
}
