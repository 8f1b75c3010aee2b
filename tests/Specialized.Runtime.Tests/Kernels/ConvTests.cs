using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;
using Specialized.Runtime.Tensors;
using Specialized.Runtime.Tests.Execution;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>Single-conv graphs on seeded random geometries (stride, asymmetric padding, dilation, groups, depthwise) against a direct convolution.</summary>
public sealed class ConvTests
{
    public static TheoryData<string, int> KernelsAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (var kernel in Enum.GetNames<GemmKernel>())
        {
            data.Add(kernel, 1);
            data.Add(kernel, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndThreads))]
    public void RandomGeometriesMatchDirectConvolution(string kernelName, int threads)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            int groups = random.Next(4) switch { 0 => 2, 1 => 3, _ => 1 };
            bool depthwise = seed % 7 == 3;
            int cin = depthwise ? random.Next(1, 12) : groups * random.Next(1, 6);
            int cout = depthwise ? cin : groups * random.Next(1, 11);
            groups = depthwise ? cin : groups;
            int kh = random.Next(1, 6), kw = random.Next(1, 6);
            var g = new Conv2dGeometry(cin, cout, kh, kw, random.Next(1, 4), random.Next(1, 4),
                random.Next(0, 3), random.Next(0, 3), random.Next(0, 3), random.Next(0, 3), random.Next(1, 3), random.Next(1, 3), groups);
            int h = g.DilationH * (kh - 1) + 1 + random.Next(0, 12), w = g.DilationW * (kw - 1) + 1 + random.Next(0, 12);
            int batch = random.Next(1, 4);
            var activation = random.Next(3) switch { 0 => FusedActivation.Relu, 1 => new FusedActivation(-0.3f, 0.4f), _ => FusedActivation.None };
            CheckConv(kernel, threads, g, activation, [batch, cin, h, w], seed);
        }
    }

    [Theory]
    [InlineData(64, 64, 3, 1, 1, 14)]
    [InlineData(3, 16, 7, 2, 3, 32)]
    [InlineData(32, 64, 1, 2, 0, 9)]
    [InlineData(48, 40, 1, 1, 0, 10)]
    public void ResNetLikeLayersMatchDirectConvolution(int cin, int cout, int k, int stride, int pad, int size)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            CheckConv(GemmKernels.Best, threads, TestGraphs.Geometry(cin, cout, k, stride, pad), FusedActivation.Relu, [1, cin, size, size], seed: cin + cout);
        }
    }

    [Theory]
    [InlineData(1, 5, 1, 2, 0, 9, 1)] // K = 1 through the implicit im2col (stride 2 is not the direct path)
    [InlineData(1, 5, 1, 1, 0, 9, 3)] // K = 1, direct path, batch > threads
    [InlineData(6, 20, 3, 1, 0, 3, 1)] // N = 1: a single output pixel
    [InlineData(6, 20, 3, 2, 1, 2, 3)] // N = 1 with padding on every border, batch > threads
    [InlineData(16, 40, 3, 1, 1, 7, 1)] // 7×7: N = 49 has a partial second column panel
    [InlineData(8, 16, 3, 2, 1, 15, 2)] // stride 2 with padding, batch = threads
    [InlineData(20, 64, 3, 1, 1, 7, 1)] // pixel-major with the 512-bit kernels (64 channels at 7²), batch < threads
    [InlineData(9, 96, 3, 2, 1, 13, 3)] // pixel-major, stride 2, batch > threads
    public void SmallAndEdgeShapesMatchDirectConvolution(int cin, int cout, int k, int stride, int pad, int size, int batch)
    {
        foreach (var kernel in Enum.GetValues<GemmKernel>())
        {
            foreach (int threads in new[] { 1, 2 })
            {
                CheckConv(kernel, threads, TestGraphs.Geometry(cin, cout, k, stride, pad), FusedActivation.Relu, [batch, cin, size, size], seed: cin * 100 + size);
            }
        }
    }

    [Fact]
    public void DilatedConvolutionMatchesDirectConvolution()
    {
        var g = TestGraphs.Geometry(5, 12, 3, stride: 1, pad: 2, dilation: 2);
        foreach (int threads in new[] { 1, 2 })
        {
            CheckConv(GemmKernels.Best, threads, g, FusedActivation.None, [1, 5, 11, 9], seed: 42);
        }
    }

    private static void CheckConv(GemmKernel kernel, int threads, Conv2dGeometry g, FusedActivation activation, int[] shape, int seed)
    {
        var random = new Random(seed);
        var node = TestGraphs.Conv(random, "conv", "x", "y", g, activation);
        var graph = new ModelGraph("conv", "x", [-1, g.InChannels, -1, -1], [node], ["y"]);
        var x = Naive.RandomArray(random, shape.Aggregate(1, (a, b) => a * b));
        using var executor = new FloatExecutor(graph, threads, kernel);
        var actual = executor.Run(new DenseTensor<float>(shape, x));
        var (value, magnitude, expectedShape) = Naive.Conv(x, shape, node);
        Assert.Equal(expectedShape, actual.Shape);
        var expected = value.Select(v => (double)activation.Apply((float)v)).ToArray();
        Naive.AssertClose(expected, magnitude, actual.Data, $"{kernel} threads {threads} seed {seed} {g} input [{string.Join(",", shape)}] {activation}");
    }
}
