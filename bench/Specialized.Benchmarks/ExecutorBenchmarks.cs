using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;

namespace Specialized.Benchmarks;

/// <summary>A ShortRun-like job (3 warm-ups, 5 iterations, 1 launch) so the whole suite fits in a few minutes.</summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1));
    }
}

/// <summary>The large ResNet-18 3×3 convolutions at batch 1 (GFLOP/s = 2·MACs / time; MACs printed by <c>quick</c>).</summary>
[Config(typeof(ShortConfig))]
public class ConvLayerBenchmarks
{
    private FloatExecutor _executor = null!;
    private float[] _input = [];
    private float[] _output = [];
    private int[] _shape = [];

    [Params(64, 128, 256, 512)]
    public int Channels { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int size = ResNetGraphs.LargeConvShapes.First(s => s.Channels == Channels).Size;
        var node = ResNetGraphs.Conv(new Random(1), "conv", "x", "y", ResNetGraphs.Geometry(Channels, Channels, 3, 1, 1), FusedActivation.Relu);
        _shape = [1, Channels, size, size];
        _executor = new FloatExecutor(new ModelGraph("conv", "x", _shape, [node], ["y"]), Threads);
        _input = new float[Channels * size * size];
        _output = new float[Channels * size * size];
    }

    [Benchmark]
    public void Conv3x3() => _executor.Run(_input, _shape, _output);

    [GlobalCleanup]
    public void Cleanup() => _executor.Dispose();
}

/// <summary>ResNet-18 end to end: torchvision 224×224 at batch 1 and Fashion-MNIST 28×28 at batch 64.</summary>
[Config(typeof(ShortConfig))]
public class EndToEndBenchmarks
{
    private FloatExecutor _executor = null!;
    private float[] _input = [];
    private float[] _output = [];
    private int[] _shape = [];

    [Params("tv_resnet18_224", "fmnist_resnet18")]
    public string Model { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = Model == "tv_resnet18_224" ? ResNetGraphs.TorchVision224() : ResNetGraphs.FashionMnist();
        _shape = graph.InputShapeForBatch(Model == "tv_resnet18_224" ? 1 : 64);
        _executor = new FloatExecutor(graph, Threads);
        _input = new float[_shape.Aggregate(1, (a, b) => a * b)];
        _output = new float[_executor.OutputShape(_shape).Aggregate(1, (a, b) => a * b)];
    }

    [Benchmark]
    public void Forward() => _executor.Run(_input, _shape, _output);

    [GlobalCleanup]
    public void Cleanup() => _executor.Dispose();
}

/// <summary>The FMA peak as a BenchmarkDotNet suite (the quick mode prints it as GFLOP/s directly).</summary>
[Config(typeof(ShortConfig))]
public class FmaPeakBenchmarks
{
    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark]
    public double Vector512Peak() => FmaPeak.Measure(wide: true, Threads);
}
