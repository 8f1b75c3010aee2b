using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

public class FloatPoolTests
{
    // One-row images make the window rules visible along the width; expected values are worked out by hand.
    private static Pool2dGeometry Row(int kernel, int stride, int padLeft, int padRight, bool ceil) =>
        new(1, kernel, 1, stride, 0, padLeft, 0, padRight, 1, 1, ceil);

    private static float[] MaxPool(float[] row, Pool2dGeometry g, int outW)
    {
        var output = new float[outW];
        FloatReference.MaxPool2d(row, 1, 1, 1, row.Length, g, output);
        return output;
    }

    private static float[] AvgPool(float[] row, Pool2dGeometry g, bool includePad, int outW)
    {
        var output = new float[outW];
        FloatReference.AveragePool2d(row, 1, 1, 1, row.Length, g, includePad, output);
        return output;
    }

    [Fact]
    public void CeilMode_KeepsPartialLastWindow()
    {
        // 5×5 input 1..25, 2×2 window, stride 2, ceil: rows/cols {0,1}, {2,3}, {4}; max at the bottom-right of each.
        var input = Enumerable.Range(1, 25).Select(v => (float)v).ToArray();
        var g = new Pool2dGeometry(2, 2, 2, 2, 0, 0, 0, 0, 1, 1, CeilMode: true);
        var output = new float[9];
        FloatReference.MaxPool2d(input, 1, 1, 5, 5, g, output);
        Assert.Equal([7f, 9f, 10f, 17f, 19f, 20f, 22f, 24f, 25f], output);
    }

    [Fact]
    public void CeilMode_DropsWindowStartingInPadding()
    {
        // Width 5, k 2, s 2, pad 1: ceil would give 4 windows but the 4th would start at 5, inside the right padding.
        var g = Row(2, 2, 1, 1, ceil: true);
        Assert.Equal(3, g.OutputWidth(5));
        float[] row = [1, 2, 3, 4, 5];
        Assert.Equal([1f, 3f, 5f], MaxPool(row, g, 3));
        Assert.Equal([0.5f, 2.5f, 4.5f], AvgPool(row, g, includePad: true, 3));
        Assert.Equal([1f, 2.5f, 4.5f], AvgPool(row, g, includePad: false, 3));
    }

    [Fact]
    public void CountIncludePad_DoesNotCountWindowPartPastThePadding()
    {
        // Width 4, k 3, s 2, pad 1, ceil: windows start at −1, 1, 3. The last covers 3 (real), 4 (padding) and 5
        // (past the padding): with count_include_pad its divisor is 2, without it 1.
        var g = Row(3, 2, 1, 1, ceil: true);
        float[] row = [1, 2, 3, 4];
        Assert.Equal([1f, 3f, 2f], AvgPool(row, g, includePad: true, 3));
        Assert.Equal([1.5f, 3f, 4f], AvgPool(row, g, includePad: false, 3));
        Assert.Equal([2f, 4f, 4f], MaxPool(row, g, 3));
    }

    [Fact]
    public void CountIncludePad_DivisorIsProductOfBothAxes()
    {
        // 3×3 ones, 2×2 window, stride 2, pad 1, ceil → 2×2 output (a third window would start in the padding).
        var input = Enumerable.Repeat(1f, 9).ToArray();
        var g = new Pool2dGeometry(2, 2, 2, 2, 1, 1, 1, 1, 1, 1, CeilMode: true);
        var output = new float[4];
        FloatReference.AveragePool2d(input, 1, 1, 3, 3, g, countIncludePad: true, output);
        Assert.Equal([0.25f, 0.5f, 0.5f, 1f], output);
        FloatReference.AveragePool2d(input, 1, 1, 3, 3, g, countIncludePad: false, output);
        Assert.Equal([1f, 1f, 1f, 1f], output);
    }

    [Fact]
    public void MaxPool_PaddingNeverWins_AndNaNPropagates()
    {
        var g = Row(2, 2, 1, 1, ceil: false);
        Assert.Equal([-1f, -2f], MaxPool([-1, -3, -2], g, 2));
        Assert.True(float.IsNaN(MaxPool([float.NaN, -3, -2], Row(3, 1, 0, 0, false), 1)[0]));
        Assert.True(float.IsNaN(MaxPool([1, float.NaN, -2], Row(3, 1, 0, 0, false), 1)[0]));
    }

    [Fact]
    public void GlobalAveragePool_MeansEachPlane()
    {
        // Two planes of 2×2: [1, 2, 3, 4] → 2.5 and [−1, −1, −1, 7] → 1.
        var output = new float[2];
        FloatReference.GlobalAveragePool([1, 2, 3, 4, -1, -1, -1, 7], 1, 2, 2, 2, output);
        Assert.Equal([2.5f, 1f], output);
    }
}
