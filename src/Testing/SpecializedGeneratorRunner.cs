extern alias generators;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using generators::Specialized.Generators;

namespace Specialized.Testing;

/// <summary>One manifest for the generator: its path, its text and the weights metadata MSBuild would attach.</summary>
public sealed record ManifestFile(string Path, string Text, WeightsMetadata Weights)
{
    /// <summary>Reads a manifest from disk and the weights file beside it named by convention (x.weights.bin for x.manifest.json).</summary>
    public static ManifestFile Load(string manifestPath)
    {
        string full = System.IO.Path.GetFullPath(manifestPath);
        string name = System.IO.Path.GetFileName(full);
        string stem = name.EndsWith(SpecializedGenerator.ManifestSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^SpecializedGenerator.ManifestSuffix.Length] : name;
        string weights = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, stem + ".weights.bin");
        return new ManifestFile(full, File.ReadAllText(full), WeightsMetadata.OfFile(weights));
    }
}

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation OutputCompilation, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Emitted files by hint name, ordinal order.</summary>
    public IReadOnlyList<(string HintName, string Source)> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => (s.HintName, s.SourceText.ToString())).ToList();
}

/// <summary>Runs <see cref="SpecializedGenerator"/> in memory over manifests, the way the compiler does in a build.</summary>
public static class SpecializedGeneratorRunner
{
    /// <summary>Metadata references for a compilation that uses Specialized.Runtime (the trusted platform assemblies plus the runtime).</summary>
    public static IReadOnlyList<MetadataReference> DefaultReferences { get; } = CreateReferences();

    /// <summary>A compilation holding <paramref name="sources"/>, referencing the framework and Specialized.Runtime, nullable enabled.</summary>
    public static CSharpCompilation CreateCompilation(string assemblyName, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs")),
            DefaultReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release, deterministic: true));

    /// <summary>Creates a driver (step tracking on) for <paramref name="manifests"/>.</summary>
    public static GeneratorDriver CreateDriver(params ManifestFile[] manifests)
    {
        var options = new TestAnalyzerConfigOptionsProvider(manifests.ToDictionary(m => m.Path, m => m.Weights.ToOptions(), StringComparer.Ordinal));
        return CSharpGeneratorDriver.Create(
            new[] { new SpecializedGenerator().AsSourceGenerator() },
            manifests.Select(m => (AdditionalText)new InMemoryAdditionalText(m.Path, m.Text)),
            new CSharpParseOptions(LanguageVersion.Latest),
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>Runs the generator over <paramref name="manifests"/> on a compilation (by default an empty one).</summary>
    public static GeneratorRun Run(CSharpCompilation? compilation = null, params ManifestFile[] manifests)
    {
        compilation ??= CreateCompilation("Specialized.Snapshot");
        var driver = CreateDriver(manifests).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
    }

    private static List<MetadataReference> CreateReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Specialized.Runtime.dll")
            .ToList();
        var runtime = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Specialized.Runtime")?.Location;
        if (runtime is { Length: > 0 } && !paths.Any(p => System.IO.Path.GetFileName(p) == "Specialized.Runtime.dll"))
        {
            paths.Add(runtime);
        }

        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
