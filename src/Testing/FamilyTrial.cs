using Specialized.Manifest;

namespace Specialized.Testing;

/// <summary>
/// Compiles a manifest with a chosen generator kernel family on its conv/gemm layers, for the measurements that pick
/// families (the bench's layer table, <c>specialized tune</c>). Whether a family can run a layer is the generator's
/// decision (its SP0025 warning), asked here rather than repeated.
/// </summary>
public static class FamilyTrial
{
    /// <summary>
    /// The conv/gemm kernel families of the generator, by their manifest name (the generator's <c>KernelFamily</c>
    /// members; a generator test checks every name here is one). A new family is one more entry.
    /// </summary>
    public static IReadOnlyList<string> ConvGemmFamilies { get; } = ["Int8", "Int16Accumulation", "ProductTable", "BitPlane"];

    /// <summary>
    /// <paramref name="spec"/> with <paramref name="family"/> recorded on every layer that has weights, compiled for
    /// <paramref name="threads"/> threads; null when the generator reports the family cannot run one of them.
    /// </summary>
    public static CompiledModel? TryCompile(ManifestSpec spec, byte[] blob, string family, int threads)
    {
        var tuned = spec with { Layers = spec.Layers.Select(l => l.Weights is null ? l : l with { KernelFamily = family }).ToEquatableArray() };
        string json = ManifestWriter.Write(tuned);
        var run = SpecializedGeneratorRunner.Run(null, new ManifestFile("/models/trial.manifest.json", json, WeightsMetadata.Of(spec.Weights.File, blob)));
        if (run.Diagnostics.Any(d => d.Id is "SP0024" or "SP0025"))
        {
            return null;
        }

        return CompiledModel.Create(json, blob, threads: threads);
    }
}
