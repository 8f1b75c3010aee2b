using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Reference;

public class FloatConvTests
{
    // 1×1×3×3 input 1..9 and the 2×2 kernel [[1, 2], [3, 4]]; every expected value below is worked out by hand.
    private static readonly float[] Nine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    private static readonly float[] Kernel2x2 = [1, 2, 3, 4];

    private static Conv2dGeometry Geometry(
        int inC = 1, int outC = 1, int k = 2, int stride = 1, int top = 0, int left = 0, int bottom = 0, int right = 0, int dilation = 1, int groups = 1) =>
        new(inC, outC, k, k, stride, stride, top, left, bottom, right, dilation, dilation, groups);

    private static float[] Run(float[] input, int h, int w, Conv2dGeometry g, float[] weight, float[] bias, FusedActivation act, int outCount)
    {
        var output = new float[outCount];
        FloatReference.Conv2d(input, 1, h, w, g, weight, bias, act, output);
        return output;
    }

    [Fact]
    public void Stride1_NoPadding()
    {
        // [1·1 + 2·2 + 4·3 + 5·4, ...]
        Assert.Equal([37f, 47f, 67f, 77f], Run(Nine, 3, 3, Geometry(), Kernel2x2, [], FusedActivation.None, 4));
    }

    [Fact]
    public void Stride2_Padding1_OnlyRealTapsContribute()
    {
        // Window at (−1, −1) sees x[0,0]·w[1,1] = 4; (−1, 1): 2·3 + 3·4; (1, −1): 4·2 + 7·4; (1, 1): 5 + 12 + 24 + 36.
        var g = Geometry(stride: 2, top: 1, left: 1, bottom: 1, right: 1);
        Assert.Equal([4f, 18f, 36f, 77f], Run(Nine, 3, 3, g, Kernel2x2, [], FusedActivation.None, 4));
    }

    [Fact]
    public void AsymmetricPadding_TopOnly()
    {
        // Output 3×2: the first row sees padding above, so only w[1, *] multiplies input row 0.
        var g = Geometry(top: 1);
        Assert.Equal([11f, 18f, 37f, 47f, 67f, 77f], Run(Nine, 3, 3, g, Kernel2x2, [], FusedActivation.None, 6));
    }

    [Fact]
    public void Dilation2_ReadsCorners()
    {
        // A dilated 2×2 kernel spans 3×3: taps x[0,0], x[0,2], x[2,0], x[2,2] → 1·1 + 3·2 + 7·3 + 9·4.
        Assert.Equal([64f], Run(Nine, 3, 3, Geometry(dilation: 2), Kernel2x2, [], FusedActivation.None, 1));
    }

    [Fact]
    public void Groups2_EachOutputReadsOnlyItsGroup_BiasAndClampApplied()
    {
        // Two channels [1, −2] and [3, 4] (1×2 images), 1×1 kernels 2 and −1, bias 0.5 and 0, ReLU.
        float[] input = [1, -2, 3, 4];
        var g = Geometry(inC: 2, outC: 2, k: 1, groups: 2);
        var output = new float[4];
        FloatReference.Conv2d(input, 1, 1, 2, g, [2, -1], [0.5f, 0], FusedActivation.Relu, output);
        Assert.Equal([2.5f, 0f, 0f, 0f], output);

        FloatReference.Conv2d(input, 1, 1, 2, g, [2, -1], [0.5f, 0], new FusedActivation(-3.5f, 1f), output);
        Assert.Equal([1f, -3.5f, -3f, -3.5f], output);
    }

    [Fact]
    public void PointwiseConv_EqualsGemmAtEveryPixel()
    {
        var random = new Random(1);
        const int n = 2, c = 5, o = 3, h = 4, w = 3;
        var input = TestData.Floats(random, n * c * h * w);
        var weight = TestData.Floats(random, o * c);
        var bias = TestData.Floats(random, o);
        var conv = new float[n * o * h * w];
        FloatReference.Conv2d(input, n, h, w, Geometry(inC: c, outC: o, k: 1), weight, bias, FusedActivation.None, conv);

        // Pixels as GEMM rows: [n·h·w, c] from NCHW.
        var rows = TestData.NchwToNhwc(input, n, c, h, w);
        var gemm = new float[n * h * w * o];
        FloatReference.Gemm(rows, n * h * w, c, o, weight, bias, FusedActivation.None, gemm);
        Assert.Equal(TestData.NhwcToNchw(gemm, n, h, w, o), conv);
    }

    [Theory]
    [InlineData(1, 1, 0, 0, 1)]
    [InlineData(2, 1, 1, 2, 1)]
    [InlineData(1, 2, 2, 1, 2)]
    [InlineData(2, 3, 0, 1, 1)]
    public void Depthwise_EqualsNaivePerChannelConvolution(int stride, int dilation, int padLow, int padHigh, int batch)
    {
        var random = new Random(100 + stride * 10 + dilation);
        const int c = 4, h = 7, w = 6, k = 3;
        var g = new Conv2dGeometry(c, c, k, k, stride, stride, padLow, padHigh, padHigh, padLow, dilation, dilation, c);
        var input = TestData.Floats(random, batch * c * h * w);
        var weight = TestData.Floats(random, c * k * k);
        var bias = TestData.Floats(random, c);
        int outH = (h + padLow + padHigh - dilation * (k - 1) - 1) / stride + 1;
        int outW = (w + padHigh + padLow - dilation * (k - 1) - 1) / stride + 1;
        var actual = new float[batch * c * outH * outW];
        FloatReference.Conv2d(input, batch, h, w, g, weight, bias, FusedActivation.None, actual);

        for (int b = 0; b < batch; b++)
        for (int ch = 0; ch < c; ch++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        {
            // Naive single-channel correlation: image padded explicitly, kernel walked with the dilation.
            double sum = bias[ch];
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                int y = oy * stride + ky * dilation - padLow;
                int x = ox * stride + kx * dilation - padHigh;
                float value = y >= 0 && y < h && x >= 0 && x < w ? input[((b * c + ch) * h + y) * w + x] : 0f;
                sum += (double)value * weight[ch * k * k + ky * k + kx];
            }

            float got = actual[((b * c + ch) * outH + oy) * outW + ox];
            Assert.True((float)sum == got, $"channel {ch} at ({oy}, {ox}) batch {b}: naive {(float)sum}, kernel {got}");
        }
    }

    [Fact]
    public void CentredDeltaKernel_WithSamePadding_ReturnsInput()
    {
        var random = new Random(7);
        const int c = 3, h = 5, w = 4;
        var input = TestData.Floats(random, 2 * c * h * w, -10, 10);
        var weight = new float[c * c * 9];
        for (int ch = 0; ch < c; ch++)
        {
            weight[(ch * c + ch) * 9 + 4] = 1f;
        }

        var output = new float[input.Length];
        FloatReference.Conv2d(input, 2, h, w, Geometry(inC: c, outC: c, k: 3, top: 1, left: 1, bottom: 1, right: 1), weight, [], FusedActivation.None, output);
        Assert.Equal(input, output);
    }
}
