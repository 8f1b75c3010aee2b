using Specialized.Runtime.Reference;
using Xunit.Abstractions;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>The quantized Add against its float specification zo + round(sa/so·(qa − za) + sb/so·(qb − zb)), computed in double.</summary>
public class IntegerAddTests(ITestOutputHelper log)
{
    private const int ScaleSets = 250;
    private const int ValuesPerSet = 100;

    [Fact]
    public void Add_IsWithinOneStepOfFloatFormula_AndOnlyNearMidpoints()
    {
        int cases = 0, offByOne = 0;
        for (int set = 0; set < ScaleSets; set++)
        {
            var random = new Random(1000 + set);
            // Log-uniform scales; the output scale may be finer or coarser than either input's.
            double sa = Math.Pow(2, -10 + 8 * random.NextDouble());
            double sb = Math.Pow(2, -10 + 8 * random.NextDouble());
            double so = Math.Pow(2, -10 + 8 * random.NextDouble());
            int za = random.Next(256), zb = random.Next(256), zo = random.Next(256);
            var left = TestData.Codes(random, ValuesPerSet, 8);
            var right = TestData.Codes(random, ValuesPerSet, 8);
            var rescale = AddRescale.FromScales(sa, sb, so);
            var output = new byte[ValuesPerSet];
            IntegerReference.Add(left, za, right, zb, rescale, zo, 0, 255, output);

            // The multipliers' rounding moves the sum by at most 255·2^−RightShift output steps.
            double bound = 255 * Math.ScaleB(1.0, -rescale.RightShift);
            for (int i = 0; i < ValuesPerSet; i++)
            {
                double exact = sa / so * (left[i] - za) + sb / so * (right[i] - zb);
                double expected = Math.Clamp(zo + Math.Round(exact, MidpointRounding.AwayFromZero), 0, 255);
                double difference = Math.Abs(output[i] - expected);
                string where = $"set {set} (seed {1000 + set}) value {i}: sa {sa} sb {sb} so {so} za {za} zb {zb} zo {zo} qa {left[i]} qb {right[i]} exact {exact}";
                Assert.True(difference <= 1, $"{where}: expected {expected} got {output[i]}");
                if (difference != 0)
                {
                    double distanceToMidpoint = Math.Abs(Math.Abs(exact - Math.Floor(exact)) - 0.5);
                    Assert.True(distanceToMidpoint <= bound, $"{where}: off by one although {distanceToMidpoint} from a midpoint (bound {bound})");
                    offByOne++;
                }

                cases++;
            }
        }

        log.WriteLine($"{cases} cases, {offByOne} off by one");
        Assert.True(cases >= 20_000);
    }

    [Fact]
    public void Add_EqualsSingleRoundingOfTheRepresentedRatios()
    {
        // With the ratios the rescale represents exactly, the formula has one rounding and no other error:
        // a·LeftRatio + b·RightRatio is exact in double (products < 2^40 over a power of two).
        var random = new Random(77);
        for (int trial = 0; trial < 200; trial++)
        {
            var rescale = AddRescale.FromScales(random.NextDouble() + 0.01, random.NextDouble() * 4 + 0.01, random.NextDouble() + 0.01);
            int za = random.Next(256), zb = random.Next(256), zo = random.Next(256), qMin = random.Next(128), qMax = random.Next(128, 256);
            var left = TestData.Codes(random, 50, 8);
            var right = TestData.Codes(random, 50, 8);
            var output = new byte[50];
            IntegerReference.Add(left, za, right, zb, rescale, zo, qMin, qMax, output);
            for (int i = 0; i < 50; i++)
            {
                double sum = rescale.LeftRatio * (left[i] - za) + rescale.RightRatio * (right[i] - zb);
                double expected = Math.Clamp(zo + Math.Round(sum, MidpointRounding.AwayFromZero), qMin, qMax);
                Assert.True(expected == output[i], $"trial {trial} value {i}: {rescale} expected {expected} got {output[i]}");
            }
        }
    }

    [Fact]
    public void Add_EqualScales_IsSaturatingAdditionOfCentredCodes()
    {
        var rescale = AddRescale.FromScales(0.1, 0.1, 0.1);
        var output = new byte[3];
        IntegerReference.Add([3, 100, 10], 0, [4, 200, 2], 0, rescale, 0, 0, 255, output);
        Assert.Equal([7, 255, 12], output);

        // Zero points: (13 − 10) + (6 − 5) + 20 = 24; a fused ReLU clamps at the output zero point.
        IntegerReference.Add([13, 0, 10], 10, [6, 0, 5], 5, rescale, 20, 20, 255, output);
        Assert.Equal([24, 20, 20], output);
    }

    [Fact]
    public void FromScales_PutsLargerMultiplierInQ31Range()
    {
        var rescale = AddRescale.FromScales(0.75, 0.25, 1.0);
        Assert.Equal(0.75, rescale.LeftRatio);
        Assert.Equal(0.25, rescale.RightRatio);
        Assert.InRange(rescale.LeftMultiplier, 1 << 30, int.MaxValue);

        // A ratio whose mantissa rounds up to 1.0 must not overflow the multiplier.
        var edge = AddRescale.FromScales(1 - 1e-12, 0.5, 1.0);
        Assert.Equal(1.0, edge.LeftRatio);
        Assert.Throws<ArgumentOutOfRangeException>(() => AddRescale.FromScales(1e6, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AddRescale.FromScales(1, 0, 1));
    }
}
