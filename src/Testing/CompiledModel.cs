using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Specialized.Manifest;
using Specialized.Runtime.Kernels.Integer;

namespace Specialized.Testing;

/// <summary>
/// A manifest run through the generator, compiled in memory (weights embedded as the resource the generated class
/// loads) and loaded into a collectible AssemblyLoadContext. Dispose unloads it.
/// </summary>
public sealed class CompiledModel : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private CompiledModel(AssemblyLoadContext context, IGeneratedModel model, GeneratorRun run)
    {
        _context = context;
        Model = model;
        Run = run;
    }

    public IGeneratedModel Model { get; }

    public GeneratorRun Run { get; }

    /// <summary>
    /// Generates, compiles and instantiates the model of manifest text <paramref name="json"/> with weights
    /// <paramref name="blob"/> (embedded as the resource the generated class loads); <paramref name="userSource"/> is
    /// the rest of the compilation (caching and compile tests put unrelated code there); <paramref name="threads"/> the
    /// model's thread count (its <c>(int threadCount)</c> constructor; 1 uses the parameterless one).
    /// </summary>
    /// <exception cref="InvalidOperationException">The manifest is invalid, or the generator or the compiler reported any warning or error.</exception>
    public static CompiledModel Create(string json, byte[] blob, string path = "/models/test.manifest.json", string userSource = "namespace User { internal static class Placeholder { } }", int threads = 1)
    {
        var spec = ManifestParser.Parse(json).Spec ?? throw new InvalidOperationException("test manifest does not parse: " + string.Join("; ", ManifestParser.Parse(json).Errors));
        var manifest = new ManifestFile(path, json, WeightsMetadata.Of(spec.Weights.File, blob));
        var compilation = SpecializedGeneratorRunner.CreateCompilation("Generated" + Guid.NewGuid().ToString("N"), userSource);
        var run = SpecializedGeneratorRunner.Run(compilation, manifest);
        var problems = run.Diagnostics.Concat(run.OutputCompilation.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
        }

        using var pe = new MemoryStream();
        var resources = new[] { new ResourceDescription("Specialized.Weights." + spec.Weights.File, () => new MemoryStream(blob), isPublic: true) };
        var emit = run.OutputCompilation.Emit(pe, manifestResources: resources);
        if (!emit.Success)
        {
            throw new InvalidOperationException("emit failed:\n" + string.Join("\n", emit.Diagnostics));
        }
        pe.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        var assembly = context.LoadFromStream(pe);
        var type = assembly.GetTypes().Single(t => typeof(IGeneratedModel).IsAssignableFrom(t));
        var model = threads == 1 ? Activator.CreateInstance(type) : Activator.CreateInstance(type, threads);
        return new CompiledModel(context, (IGeneratedModel)model!, run);
    }

    /// <summary>Stops the model's workers and unloads the generated assembly.</summary>
    public void Dispose()
    {
        Model.Dispose();
        _context.Unload();
    }
}
