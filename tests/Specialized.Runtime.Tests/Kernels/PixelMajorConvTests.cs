using System.Runtime.Intrinsics;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Tests.Execution;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>
/// The pixel-major convolution (<see cref="PixelMajorConv"/>) against a direct convolution, on shapes that hit its
/// edges (pixels not a multiple of 7, channels not a multiple of 32, several depth blocks, split channel ranges),
/// and its layer-choice rule against padded-MAC counts worked out by hand.
/// </summary>
public sealed unsafe class PixelMajorConvTests
{
    [Theory]
    [InlineData(16, 64, 3, 1, 1, 7, 7)] // N = 49 = 7·7, one channel-panel pair
    [InlineData(50, 40, 3, 1, 1, 5, 4)] // K = 450: two depth blocks; N = 20 and Cout = 40 both padded
    [InlineData(8, 33, 3, 2, 1, 9, 11)] // stride 2, padding, 33 channels (a 1-channel last panel)
    [InlineData(3, 32, 1, 1, 0, 1, 1)] // N = 1, K = 3
    [InlineData(1, 1, 1, 1, 0, 3, 3)] // K = 1, Cout = 1
    [InlineData(20, 64, 5, 1, 2, 6, 8)] // K = 500, padding 2 on every border
    public void MatchesDirectConvolution(int cin, int cout, int k, int stride, int pad, int height, int width)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            // Tile7x32_V512 would run in software; the executor never chooses this form there (see Prefer).
            Console.WriteLine("PixelMajorConvTests: Vector512 not accelerated, checking the software path anyway");
        }

        var random = new Random(cin * 1000 + cout);
        var g = TestGraphs.Geometry(cin, cout, k, stride, pad);
        var node = TestGraphs.Conv(random, "conv", "x", "y", g, FusedActivation.None);
        var x = Naive.RandomArray(random, cin * height * width);
        var (expected, magnitude, shape) = Naive.Conv(x, [1, cin, height, width], node);
        int columns = shape[2] * shape[3];
        var w = ChannelPanels.Pack(node.Weight, cout, g.ReductionSize, node.Bias);
        var pixels = new float[PixelMajorConv.PixelLength(g.ReductionSize, columns)];
        var accumulator = new float[PixelMajorConv.AccumulatorLength(columns, cout)];
        int pixelPanels = (columns + PixelMajorConv.PixelsPerPanel - 1) / PixelMajorConv.PixelsPerPanel;
        const float lo = -0.3f, hi = 0.4f;
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = Math.Clamp(expected[i], lo, hi);
        }

        // The whole layer at once, then split the way two workers split it: pixel panels packed in two ranges into
        // one buffer, channel panels computed in two ranges.
        foreach (int split in new[] { w.PanelCount, 1 })
        {
            var y = new float[cout * columns];
            Array.Fill(y, float.NaN);
            Array.Fill(pixels, float.NaN);
            fixed (float* xp = x)
            fixed (float* yp = y)
            fixed (float* pp = pixels)
            fixed (float* ap = accumulator)
            {
                var source = new ImageColumns(xp, g, height, width);
                int pixelSplit = split == 1 ? pixelPanels / 2 : pixelPanels;
                PixelMajorConv.PackPixels(source, g.ReductionSize, columns, pp, 0, pixelSplit);
                PixelMajorConv.PackPixels(source, g.ReductionSize, columns, pp, pixelSplit, pixelPanels);
                PixelMajorConv.Multiply(w, pp, columns, yp, 0, split, lo, hi, ap);
                PixelMajorConv.Multiply(w, pp, columns, yp, split, w.PanelCount, lo, hi, ap);
            }

            Naive.AssertClose(expected, magnitude, y, $"{g} on {height}×{width}, first range ends at panel {split}");
        }
    }

    [Fact]
    public void ChoosesTheFormWithFewerPaddedMacs()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(512, 512, 3, 1, 1), 49));
            return;
        }

        // Padded MACs per k, channel-major (8×32) vs pixel-major (7×32); pixel-major needs ≥ 20 % fewer:
        // 512 @7²: 512·64 = 32768 vs 49·512 = 25088 (23 % fewer) → pixel-major.  512 @4²: 512·32 vs 21·512 (34 %) → pixel-major.
        // 256 @14²: 256·224 = 57344 vs 196·256 = 50176 (12.5 %) → channel-major.
        // 128 @28²: 128·800 = 102400 vs 784·128 = 100352 (2 %) → channel-major.
        // 64 @56²: 64·3136 both → channel-major.  40 @7²: 40·64 = 2560 vs 49·64 = 3136 → channel-major.
        Assert.True(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(512, 512, 3, 1, 1), 49));
        Assert.True(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(512, 512, 3, 1, 1), 16));
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(256, 256, 3, 1, 1), 196));
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(128, 128, 3, 1, 1), 784));
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(64, 64, 3, 1, 1), 3136));
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(40, 40, 3, 1, 1), 49));

        // Grouped convolutions and the 256/128-bit kernels never run pixel-major.
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile8x32_V512, TestGraphs.Geometry(512, 512, 3, 1, 1, groups: 2), 49));
        Assert.False(PixelMajorConv.Prefer(GemmKernel.Tile6x16_V256, TestGraphs.Geometry(512, 512, 3, 1, 1), 49));
    }
}
