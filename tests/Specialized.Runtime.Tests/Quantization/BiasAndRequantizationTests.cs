using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Quantization;

public class BiasAndRequantizationTests
{
    [Fact]
    public void Bias_IsAtAccumulatorScale()
    {
        // s_in = 0.5, s_w = [0.25, 0.1] → accumulator scales 0.125 and 0.05.
        int[] q = BiasQuantization.Quantize([1f, -0.3f], 0.5f, [0.25f, 0.1f]);
        Assert.Equal(new[] { 8, -6 }, q);
    }

    [Fact]
    public void Bias_TiesToEvenAndSaturates()
    {
        int[] q = BiasQuantization.Quantize([0.5f, 1.5f, -2.5f, 1e30f], 1f, [1f, 1f, 1f, 1f]);
        Assert.Equal(new[] { 0, 2, -2, int.MaxValue }, q);
    }

    [Fact]
    public void Bias_InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => BiasQuantization.Quantize([1f], 1f, [1f, 2f]));
        Assert.Throws<ArgumentException>(() => BiasQuantization.Quantize([1f], 0f, [1f]));
        Assert.Throws<ArgumentException>(() => BiasQuantization.Quantize([1f], 1f, [-1f]));
        Assert.Throws<ArgumentException>(() => BiasQuantization.Quantize([float.NaN], 1f, [1f]));
    }

    [Theory]
    [InlineData(100, 0.25, 10, 0, 255, 35)]
    [InlineData(-100, 0.25, 10, 0, 255, 0)]
    [InlineData(-30, 0.25, 10, 0, 255, 2)] // −7.5 → −8 (away from zero), 10 − 8 = 2
    [InlineData(10_000, 0.25, 10, 0, 255, 255)]
    [InlineData(-50, 0.25, 10, 10, 255, 10)]
    [InlineData(int.MaxValue, 16.0, 200, 0, 255, 255)]
    public void RequantizeToOutput_ClampsShiftedScaledValue(int acc, double scale, int zp, int qMin, int qMax, int expected)
    {
        Assert.Equal(expected, Requantization.RequantizeToOutput(acc, FixedPointMultiplier.FromScale(scale), zp, qMin, qMax));
    }

    [Fact]
    public void OutputRange_FromFusedActivation()
    {
        var q = ActivationQuantization.FromRange(-2f, 8f, 8); // s = 10/255, z = round(51) = 51
        Assert.Equal(51, q.ZeroPoint);
        Assert.Equal((0, 255), Requantization.OutputRange(FusedActivation.None, q));
        Assert.Equal((51, 255), Requantization.OutputRange(FusedActivation.Relu, q));
        // 6 / (10/255) = 153 exactly, so the ReLU6 ceiling is 51 + 153 = 204.
        Assert.Equal((51, 204), Requantization.OutputRange(FusedActivation.Relu6, q));
        Assert.Equal((0, 102), Requantization.OutputRange(new FusedActivation(-5f, 2f), q));

        var narrow = ActivationQuantization.FromRange(0f, 4f, 4);
        Assert.Equal((0, 15), Requantization.OutputRange(FusedActivation.Relu6, narrow));
        Assert.Throws<ArgumentException>(() => Requantization.OutputRange(new FusedActivation(1f, 0f), narrow));
    }
}
