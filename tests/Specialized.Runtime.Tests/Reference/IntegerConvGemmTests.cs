using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Reference;
using Xunit.Abstractions;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>
/// Integer conv/GEMM against the float reference on centred integer values: with small integers every float product
/// and sum is exact, so the int32 accumulators must equal the float outputs exactly. The float kernel works in
/// NCHW/OIHW, the integer one in NHWC/[O, KH, KW, I]; the test converts layouts itself.
/// </summary>
public class IntegerConvGemmTests(ITestOutputHelper log)
{
    private sealed record ConvCase(int Seed, int ActivationBits, int WeightBits, int Batch, int H, int W, Conv2dGeometry Geometry, int ZeroPoint)
    {
        public override string ToString() => $"seed {Seed} a{ActivationBits} w{WeightBits} batch {Batch} input {H}×{W} zx {ZeroPoint} {Geometry}";
    }

    private static ConvCase RandomCase(int seed)
    {
        var random = new Random(seed);
        int aBits = 1 + seed % 8;
        int wBits = 1 + seed / 8 % 8;
        int kernel = random.Next(1, 4);
        int dilation = random.Next(1, 3);
        int stride = random.Next(1, 3);
        int groups, inC, outC;
        switch (random.Next(3))
        {
            case 0: // depthwise
                groups = inC = outC = random.Next(2, 6);
                break;
            case 1: // grouped
                groups = random.Next(2, 4);
                inC = groups * random.Next(1, 3);
                outC = groups * random.Next(1, 3);
                break;
            default:
                groups = 1;
                inC = random.Next(1, 6);
                outC = random.Next(1, 6);
                break;
        }

        var g = new Conv2dGeometry(inC, outC, kernel, random.Next(1, 4), stride, random.Next(1, 3),
            random.Next(0, 3), random.Next(0, 3), random.Next(0, 3), random.Next(0, 3), dilation, random.Next(1, 3), groups);
        int span = Math.Max(g.DilationH * (g.KernelH - 1), g.DilationW * (g.KernelW - 1)) + 1;
        return new ConvCase(seed, aBits, wBits, random.Next(1, 3), span + random.Next(0, 5), span + random.Next(0, 5), g, random.Next(0, 1 << aBits));
    }

    [Fact]
    public void Conv2dAccumulators_EqualFloatConvOnCentredValues_AllWidthsAndGeometries()
    {
        for (int seed = 0; seed < 192; seed++)
        {
            var c = RandomCase(seed);
            var g = c.Geometry;
            var random = new Random(seed * 31 + 5);
            var nchwCodes = TestData.Codes(random, c.Batch * g.InChannels * c.H * c.W, c.ActivationBits);
            var ohwi = TestData.WeightCodes(random, g.OutChannels * g.KernelH * g.KernelW * g.InChannelsPerGroup, c.WeightBits);
            var bias = Enumerable.Range(0, g.OutChannels).Select(_ => random.Next(-5000, 5000)).ToArray();
            int outH = g.OutputHeight(c.H), outW = g.OutputWidth(c.W);

            var accumulators = new int[c.Batch * outH * outW * g.OutChannels];
            IntegerReference.Conv2dAccumulators(TestData.NchwToNhwc(nchwCodes, c.Batch, g.InChannels, c.H, c.W), c.Batch, c.H, c.W, g,
                c.ZeroPoint, ohwi, bias, accumulators);

            var expected = new float[accumulators.Length];
            FloatReference.Conv2d(TestData.Centred(nchwCodes, c.ZeroPoint), c.Batch, c.H, c.W, g,
                TestData.OhwiToOihwFloat(ohwi, g.OutChannels, g.KernelH, g.KernelW, g.InChannelsPerGroup), TestData.ToFloats(bias), FusedActivation.None, expected);

            var actual = TestData.ToFloats(TestData.NhwcToNchw(accumulators, c.Batch, outH, outW, g.OutChannels));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"accumulators differ from float conv: {c}");
        }
    }

    [Fact]
    public void Conv2d_RequantizesEachChannelExactlyAsDoubleFormula()
    {
        int checkedValues = 0;
        for (int seed = 0; seed < 64; seed++)
        {
            var c = RandomCase(seed);
            var g = c.Geometry;
            var random = new Random(seed * 17 + 3);
            var input = TestData.Codes(random, c.Batch * c.H * c.W * g.InChannels, c.ActivationBits);
            var weight = TestData.WeightCodes(random, g.OutChannels * g.KernelH * g.KernelW * g.InChannelsPerGroup, c.WeightBits);
            var bias = Enumerable.Range(0, g.OutChannels).Select(_ => random.Next(-300, 300)).ToArray();
            var multipliers = Enumerable.Range(0, g.OutChannels).Select(_ => FixedPointMultiplier.FromScale(Math.Pow(2, -12 + 10 * random.NextDouble()))).ToArray();
            int zo = random.Next(0, 256), qMin = random.Next(0, 100), qMax = random.Next(150, 256);
            int outH = g.OutputHeight(c.H), outW = g.OutputWidth(c.W);

            var accumulators = new int[c.Batch * outH * outW * g.OutChannels];
            IntegerReference.Conv2dAccumulators(input, c.Batch, c.H, c.W, g, c.ZeroPoint, weight, bias, accumulators);
            var output = new byte[accumulators.Length];
            IntegerReference.Conv2d(input, c.Batch, c.H, c.W, g, c.ZeroPoint, weight, bias, multipliers, zo, qMin, qMax, output);

            for (int i = 0; i < output.Length; i++)
            {
                // |acc| < 2^22 and the multiplier has 31 bits, so acc·Scale is exact in double.
                double real = accumulators[i] * multipliers[i % g.OutChannels].Scale;
                double expected = Math.Clamp(zo + Math.Round(real, MidpointRounding.AwayFromZero), qMin, qMax);
                Assert.True(expected == output[i], $"{c}: value {i} acc {accumulators[i]} expected {expected} got {output[i]}");
                checkedValues++;
            }
        }

        log.WriteLine($"{checkedValues} requantized values checked");
        Assert.True(checkedValues > 1000);
    }

    [Fact]
    public void Requantize_RoundsHalfAwayFromZero_ThenClamps()
    {
        var half = FixedPointMultiplier.FromScale(0.5);
        Assert.Equal(102, IntegerReference.Requantize(3, half, 100, 0, 255));   // 1.5 → 2
        Assert.Equal(98, IntegerReference.Requantize(-3, half, 100, 0, 255));   // −1.5 → −2
        Assert.Equal(100, IntegerReference.Requantize(0, half, 100, 100, 255)); // ReLU at the zero point
        Assert.Equal(100, IntegerReference.Requantize(-50, half, 100, 100, 255));
        Assert.Equal(255, IntegerReference.Requantize(int.MaxValue, half, 200, 0, 255));
    }

    [Fact]
    public void Gemm_EqualsFloatGemmOnCentredValues_AllWidths()
    {
        for (int seed = 0; seed < 64; seed++)
        {
            var random = new Random(seed);
            int aBits = 1 + seed % 8, wBits = 1 + seed / 8, rows = random.Next(1, 4), k = random.Next(1, 40), o = random.Next(1, 7);
            int zx = random.Next(0, 1 << aBits);
            var input = TestData.Codes(random, rows * k, aBits);
            var weight = TestData.WeightCodes(random, o * k, wBits);
            var bias = Enumerable.Range(0, o).Select(_ => random.Next(-1000, 1000)).ToArray();
            var accumulators = new int[rows * o];
            IntegerReference.GemmAccumulators(input, rows, k, o, zx, weight, bias, accumulators);

            var expected = new float[rows * o];
            FloatReference.Gemm(TestData.Centred(input, zx), rows, k, o, weight.Select(w => (float)w).ToArray(), TestData.ToFloats(bias), FusedActivation.None, expected);
            Assert.True(expected.AsSpan().SequenceEqual(TestData.ToFloats(accumulators)), $"seed {seed}: a{aBits} w{wBits} {rows}×{k}→{o} zx {zx}");

            var multipliers = Enumerable.Range(0, o).Select(_ => FixedPointMultiplier.FromScale(0.001 + random.NextDouble() / 8)).ToArray();
            var output = new byte[rows * o];
            IntegerReference.Gemm(input, rows, k, o, zx, weight, bias, multipliers, 128, 0, 255, output);
            for (int i = 0; i < output.Length; i++)
            {
                double exact = Math.Clamp(128 + Math.Round(accumulators[i] * multipliers[i % o].Scale, MidpointRounding.AwayFromZero), 0, 255);
                Assert.True(exact == output[i], $"seed {seed}: value {i} expected {exact} got {output[i]}");
            }
        }
    }

    [Fact]
    public void Conv2d_PaddingContributesRealZero()
    {
        // 1×1 input code 7 with zero point 7 (real 0) padded to 3×3: every output is the bias alone,
        // whatever the weights; a code of 9 adds 2·w[centre] only at the centre tap.
        var g = new Conv2dGeometry(1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        sbyte[] weight = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var acc = new int[1];
        IntegerReference.Conv2dAccumulators([7], 1, 1, 1, g, 7, weight, [11], acc);
        Assert.Equal(11, acc[0]);
        IntegerReference.Conv2dAccumulators([9], 1, 1, 1, g, 7, weight, [11], acc);
        Assert.Equal(11 + 2 * 5, acc[0]);
    }
}
