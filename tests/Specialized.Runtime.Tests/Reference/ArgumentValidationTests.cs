using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

/// <summary>Bad shapes and parameters are <see cref="ArgumentException"/>s naming the problem, checked before any data is read.</summary>
public class ArgumentValidationTests
{
    private static readonly Conv2dGeometry Conv = new(2, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    private static readonly FixedPointMultiplier[] Unit4 = Enumerable.Repeat(FixedPointMultiplier.FromScale(1), 4).ToArray();

    [Fact]
    public void FloatConv_RejectsShortSpans()
    {
        var ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[2 * 5 * 5 - 1], 1, 5, 5, Conv, new float[72], [], FusedActivation.None, new float[100]));
        Assert.Equal("input", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[50], 1, 5, 5, Conv, new float[71], [], FusedActivation.None, new float[100]));
        Assert.Equal("weight", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[50], 1, 5, 5, Conv, new float[72], new float[3], FusedActivation.None, new float[100]));
        Assert.Equal("bias", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[50], 1, 5, 5, Conv, new float[72], [], FusedActivation.None, new float[99]));
        Assert.Equal("output", ex.ParamName);
    }

    [Fact]
    public void Conv_RejectsGroupsNotDividingChannels()
    {
        var g = Conv with { Groups = 3, InChannels = 3 }; // 3 does not divide OutChannels 4
        var ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[75], 1, 5, 5, g, new float[36], [], FusedActivation.None, new float[100]));
        Assert.Contains("groups", ex.Message);
        Assert.Throws<ArgumentException>(() => IntegerReference.Conv2dAccumulators(new byte[75], 1, 5, 5, g, 0, new sbyte[36], [], new int[100]));
    }

    [Fact]
    public void Conv_RejectsInvalidGeometryAndTooSmallInput()
    {
        Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[50], 1, 5, 5, Conv with { StrideH = 0 }, new float[72], [], FusedActivation.None, new float[100]));
        Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[50], 1, 5, 5, Conv with { PadLeft = -1 }, new float[72], [], FusedActivation.None, new float[100]));
        var noPad = Conv with { PadTop = 0, PadLeft = 0, PadBottom = 0, PadRight = 0 };
        var ex = Assert.Throws<ArgumentException>(() => FloatReference.Conv2d(new float[8], 1, 2, 2, noPad, new float[72], [], FusedActivation.None, []));
        Assert.Contains("too small", ex.Message);
    }

    [Fact]
    public void IntegerConv_RejectsBadQuantizationParameters()
    {
        var input = new byte[50];
        var weight = new sbyte[72];
        var output = new byte[100];
        Assert.Equal("inputZeroPoint", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 256, weight, [], Unit4, 0, 0, 255, output)).ParamName);
        Assert.Equal("multipliers", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 0, weight, [], Unit4[..3], 0, 0, 255, output)).ParamName);
        Assert.Equal("multipliers", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 0, weight, [], new FixedPointMultiplier[4], 0, 0, 255, output)).ParamName);
        Assert.Equal("qMin", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 0, weight, [], Unit4, 0, 200, 100, output)).ParamName);
        Assert.Equal("outputZeroPoint", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 0, weight, [], Unit4, -1, 0, 255, output)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => IntegerReference.Conv2d(input, 1, 5, 5, Conv, 0, weight, [], Unit4, 0, 0, 255, new byte[99])).ParamName);
    }

    [Fact]
    public void Gemm_RejectsShortSpans()
    {
        Assert.Equal("weight", Assert.Throws<ArgumentException>(() => FloatReference.Gemm(new float[6], 2, 3, 2, new float[5], [], FusedActivation.None, new float[4])).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => IntegerReference.GemmAccumulators(new byte[5], 2, 3, 2, 0, new sbyte[6], [], new int[4])).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => IntegerReference.GemmAccumulators(new byte[6], 2, 3, 2, 0, new sbyte[6], new int[1], new int[4])).ParamName);
    }

    [Fact]
    public void IntegerGemm_AccumulatorOverflowIsReported()
    {
        // 255·127·66 400 > 2^31: the exact sum does not fit the int32 accumulator.
        const int k = 66_400;
        var input = Enumerable.Repeat((byte)255, k).ToArray();
        var weight = Enumerable.Repeat((sbyte)127, k).ToArray();
        var ex = Assert.Throws<OverflowException>(() => IntegerReference.GemmAccumulators(input, 1, k, 1, 0, weight, [], new int[1]));
        Assert.Contains("row 0, output 0", ex.Message);
    }

    [Fact]
    public void ElementwiseAndPools_RejectMismatchedLengths()
    {
        Assert.Throws<ArgumentException>(() => FloatReference.Add(new float[3], new float[2], FusedActivation.None, new float[3]));
        Assert.Throws<ArgumentException>(() => FloatReference.Clamp(new float[3], FusedActivation.Relu, new float[2]));
        var rescale = AddRescale.FromScales(1, 1, 1);
        Assert.Throws<ArgumentException>(() => IntegerReference.Add(new byte[3], 0, new byte[3], 0, rescale, 0, 0, 255, new byte[4]));
        Assert.Equal("rescale", Assert.Throws<ArgumentException>(() => IntegerReference.Add(new byte[3], 0, new byte[3], 0, default, 0, 0, 255, new byte[3])).ParamName);
        Assert.Throws<ArgumentException>(() => IntegerReference.Clamp(new byte[3], 0, 255, new byte[2]));

        var pool = new Pool2dGeometry(2, 2, 2, 2, 0, 0, 0, 0, 1, 1, false);
        Assert.Throws<ArgumentException>(() => FloatReference.MaxPool2d(new float[16], 1, 1, 4, 4, pool, new float[3]));
        Assert.Throws<ArgumentException>(() => IntegerReference.AveragePool2d(new byte[15], 1, 4, 4, 1, pool, true, 0, new byte[4]));
        Assert.Throws<ArgumentException>(() => FloatReference.GlobalAveragePool(new float[16], 1, 2, 2, 2, new float[3]));
        Assert.Throws<ArgumentException>(() => IntegerReference.GlobalAveragePool(new byte[16], 1, 2, 2, 4, 0, new byte[3]));
    }

    [Fact]
    public void Pool_RejectsWindowMadeOnlyOfPadding()
    {
        // Kernel 2, pad 2: the first window covers positions −2 and −1 only.
        var g = new Pool2dGeometry(1, 2, 1, 1, 0, 2, 0, 0, 1, 1, false);
        var ex = Assert.Throws<ArgumentException>(() => FloatReference.AveragePool2d(new float[4], 1, 1, 1, 4, g, true, new float[g.OutputWidth(4)]));
        Assert.Contains("only padding", ex.Message);
        Assert.Throws<ArgumentException>(() => IntegerReference.MaxPool2d(new byte[4], 1, 1, 4, 1, g, new byte[g.OutputWidth(4)]));
    }
}
