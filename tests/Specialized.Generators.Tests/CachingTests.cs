extern alias generators;

using System.Collections;
using System.Reflection;
using generators::Specialized.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Specialized.Generators.Tests.TestSupport;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// Incremental caching, step by step (TrackingNames): unrelated C# edits and whitespace-only manifest edits must not
/// re-plan or re-emit anything; a change to one layer must re-emit only that layer's file.
/// </summary>
public sealed class CachingTests
{
    private const string Path = "/models/tiny.manifest.json";

    private static readonly string Tiny = FixtureModels.TinyText;

    private static readonly byte[] Blob = FixtureModels.TinyBlob;

    [Fact]
    public void Running_again_on_the_same_inputs_is_fully_cached()
    {
        var (driver, compilation, _) = Start();
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.ManifestInput, IncrementalStepRunReason.Cached);
        AssertReasons(result, TrackingNames.Parse, IncrementalStepRunReason.Cached);
        AssertReasons(result, TrackingNames.Plan, IncrementalStepRunReason.Cached);
        AssertReasons(result, TrackingNames.Layers, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedCodeChange_DoesNotRegenerate()
    {
        var (driver, compilation, _) = Start();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { public class Other { public int X => 42; } }", new CSharpParseOptions(LanguageVersion.Latest)));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.Parse, IncrementalStepRunReason.Cached);
        AssertReasons(result, TrackingNames.Plan, IncrementalStepRunReason.Cached);
        AssertReasons(result, TrackingNames.Layers, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void WhitespaceOnlyManifestEdit_ParsesToAnUnchangedSpec()
    {
        var (driver, compilation, text) = Start();
        var reformatted = new InMemoryAdditionalText(Path, Tiny.Replace("\n", "\n\n").Replace(": ", ":   "));
        var result = driver.ReplaceAdditionalText(text, reformatted).RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.ManifestInput, IncrementalStepRunReason.Modified);
        AssertReasons(result, TrackingNames.Parse, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, TrackingNames.Plan, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(result, TrackingNames.Layers, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void OneLayerChange_ReemitsOnlyThatLayer()
    {
        var (driver, compilation, text) = Start();
        var edited = new InMemoryAdditionalText(Path, Tiny.Replace("\"clamp\": [10, 15]", "\"clamp\": [10, 14]"));
        var result = driver.ReplaceAdditionalText(text, edited).RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(result, TrackingNames.Parse, IncrementalStepRunReason.Modified);
        AssertReasons(result, TrackingNames.Plan, IncrementalStepRunReason.Modified);
        var layers = result.TrackedSteps[TrackingNames.Layers].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(4, layers.Count);
        Assert.Equal(1, layers.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(3, layers.Count(o => o.Reason == IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Pipeline_models_hold_no_Roslyn_symbols_syntax_or_text()
    {
        var (driver, compilation, _) = Start();
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        var forbidden = new[] { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(AdditionalText), typeof(Location), typeof(Microsoft.CodeAnalysis.Text.SourceText) };
        int walked = 0;
        foreach (string step in new[] { TrackingNames.Parse, TrackingNames.Plan, TrackingNames.Layers })
        {
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Walk(value, forbidden, new HashSet<object>(ReferenceEqualityComparer.Instance), step, ref walked);
            }
        }

        Assert.True(walked > 50, $"the walker visited only {walked} objects");
    }

    private static void Walk(object? value, Type[] forbidden, HashSet<object> seen, string path, ref int walked)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        walked++;
        Assert.False(forbidden.Any(f => f.IsInstanceOfType(value)), $"{path} holds a {value.GetType()}");
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, forbidden, seen, $"{path}[{i++}]", ref walked);
            }
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetIndexParameters().Length == 0 && property.DeclaringType?.Namespace?.StartsWith("Specialized", StringComparison.Ordinal) == true)
            {
                Walk(property.GetValue(value), forbidden, seen, $"{path}.{property.Name}", ref walked);
            }
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Text) Start()
    {
        var text = new InMemoryAdditionalText(Path, Tiny);
        var options = new TestAnalyzerConfigOptionsProvider(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [Path] = WeightsMetadata.Of("tiny.weights.bin", Blob).ToOptions(),
        });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new SpecializedGenerator().AsSourceGenerator()], [text], new CSharpParseOptions(LanguageVersion.Latest), options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = SpecializedGeneratorRunner.CreateCompilation("Caching", "namespace User { public class Program { } }");
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        AssertReasons(first, TrackingNames.Parse, IncrementalStepRunReason.New);
        return (driver, compilation, text);
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(allowed.Contains(o.Reason), $"{step}: {o.Reason}, expected {string.Join(" or ", allowed)}"));
    }
}
