using BenchmarkDotNet.Attributes;
using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Testing;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// The SimdInt16 family against the reference manifest executor on the same manifest: single conv layers of
/// ResNet-18 shapes and a whole ResNet-18 at 32×32 (one thread, batch 1). GOP/s = 2·MACs / time; the MAC count is
/// printed in setup.
/// </summary>
public class GeneratedKernelBenchmarks
{
    private CompiledModel _compiled = null!;
    private ManifestExecutor _reference = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [Params("conv3x3-64-56", "conv3x3-256-14", "conv1x1-256-512-s2", "resnet18-32")]
    public string Model { get; set; } = "conv3x3-64-56";

    [GlobalSetup]
    public void Setup()
    {
        var (spec, blob) = Model switch
        {
            "conv3x3-64-56" => BenchmarkModels.Conv(64, 64, 3, 1, 56, 4),
            "conv3x3-256-14" => BenchmarkModels.Conv(256, 256, 3, 1, 14, 4),
            "conv1x1-256-512-s2" => BenchmarkModels.Conv(256, 512, 1, 2, 14, 4),
            _ => BenchmarkModels.ResNet18(32, 4),
        };
        _compiled = CompiledModel.Create(ManifestWriter.Write(spec), blob);
        _reference = ManifestExecutor.Create(ManifestParser.Parse(ManifestWriter.Write(spec)).Spec!, blob);
        var rng = new Random(1);
        _input = Enumerable.Range(0, _reference.InputLength).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        _output = new float[_reference.OutputLength];
        Console.WriteLine($"// {Model}: {BenchmarkModels.MultiplyAccumulates(spec)} MACs");
    }

    [GlobalCleanup]
    public void Cleanup() => _compiled.Dispose();

    [Benchmark(Baseline = true)]
    public void Reference() => _reference.Run(_input, _output);

    [Benchmark]
    public void Generated() => _compiled.Model.Run(_input, _output);
}
