using BenchmarkDotNet.Attributes;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// Generator wall time on a ResNet-18-sized manifest (target ≤ 1 s): parse, plan and emit every file, in memory,
/// from a cold driver each time (what a clean build pays). The emitted source size is printed in setup.
/// </summary>
[MemoryDiagnoser]
public class GeneratorWallTimeBenchmarks
{
    private ManifestFile _manifest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (spec, blob) = BenchmarkModels.ResNet18(224, 4);
        _manifest = new ManifestFile("/bench/resnet18.manifest.json", ManifestWriter.Write(spec), WeightsMetadata.Of(spec.Weights.File, blob));
        var run = SpecializedGeneratorRunner.Run(null, _manifest);
        long chars = run.Sources.Sum(s => (long)s.Source.Length);
        Console.WriteLine($"// resnet18-224: {spec.Layers.Count} layers, manifest {_manifest.Text.Length} chars, {run.Sources.Count} files, {chars} chars of C# emitted, diagnostics: {run.Diagnostics.Length}");
    }

    [Benchmark]
    public int GenerateResNet18() => SpecializedGeneratorRunner.Run(null, _manifest).Sources.Count;
}
