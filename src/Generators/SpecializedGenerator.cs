using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

using Specialized.Generators.Emitting;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators;

/// <summary>
/// Compiles each <c>*.manifest.json</c> AdditionalFile into a <c>{Name}Model</c> class with one specialized kernel
/// per layer. Pipeline (each step named in <see cref="TrackingNames"/>): manifest text + MSBuild blob facts →
/// parse (spec + diagnostics, no Roslyn types) → plan (kernel family, tiles, arena) → per-layer source. The
/// generator never throws: an unexpected exception becomes diagnostic SP9999.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SpecializedGenerator : IIncrementalGenerator
{
    /// <summary>AdditionalFiles whose path ends with this are manifests.</summary>
    public const string ManifestSuffix = ".manifest.json";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(ManifestSuffix, StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadInput(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(TrackingNames.ManifestInput);

        var parsed = inputs
            .Select(static (input, _) => Guard(input.Path, () => Parse(input), error => new ParsedManifest(input.Path, null, null, null, null, EquatableArray.Create(error))))
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(parsed, static (spc, manifest) =>
        {
            foreach (var diagnostic in manifest.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // Which manifest owns each generated class name (the ordinally first path), so a second manifest for the
        // same class gets SP0022 instead of a duplicate hint name (which Roslyn would raise outside our control).
        var owners = parsed
            .Where(static manifest => manifest.Spec is not null)
            .Select(static (manifest, _) => new ClassOwner(manifest.Namespace + "." + manifest.ClassName, manifest.Path))
            .Collect()
            .Select(static (all, _) => ClassOwner.FirstByName(all));

        var plans = parsed
            .Where(static manifest => manifest.Spec is not null)
            .Combine(owners)
            .Select(static (pair, _) => Guard(pair.Left.Path, () => Plan(pair.Left, pair.Right), error => new PlanResult(null, error)))
            .WithTrackingName(TrackingNames.Plan);

        context.RegisterSourceOutput(plans, static (spc, result) =>
        {
            if (result.Error is { } error)
            {
                spc.ReportDiagnostic(error.ToDiagnostic());
                return;
            }

            var plan = result.Plan!;
            Emit(spc, plan.ManifestFileName, () => spc.AddSource($"{plan.Namespace}.{plan.ClassName}.g.cs", ModelEmitter.Emit(plan)));
        });

        var layers = plans
            .SelectMany(static (result, _) => result.Plan?.Layers ?? EquatableArray<LayerPlan>.Empty)
            .WithTrackingName(TrackingNames.Layers);

        context.RegisterSourceOutput(layers, static (spc, layer) =>
            Emit(spc, layer.ManifestFileName, () => spc.AddSource(layer.HintName, LayerEmitter.Emit(layer))));
    }

    private static PlanResult Plan(ParsedManifest manifest, EquatableArray<ClassOwner> owners)
    {
        string fullName = manifest.Namespace + "." + manifest.ClassName;
        var owner = owners.FirstOrDefault(o => o.FullName == fullName);
        if (owner is not null && owner.Path != manifest.Path)
        {
            return new PlanResult(null, DiagnosticInfo.AtStart(DiagnosticDescriptors.DuplicateClassId, manifest.Path, fullName, owner.Path));
        }

        try
        {
            return new PlanResult(Planner.Plan(manifest.Spec!, manifest.Namespace!, manifest.ClassName!, manifest.WeightsResourceFile!, manifest.Path), null);
        }
        catch (Planning.ModelTooLargeException tooLarge)
        {
            return new PlanResult(null, DiagnosticInfo.AtStart(DiagnosticDescriptors.ModelTooLargeId, manifest.Path, tooLarge.Bytes.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static ParsedManifest Parse(ManifestInput input)
    {
        var parsed = Parser.Parse(input);
        var blob = Parser.CheckBlob(input, parsed);
        return blob.IsEmpty ? parsed : parsed with { Diagnostics = parsed.Diagnostics.Concat(blob).ToEquatableArray() };
    }

    /// <summary>Reads the text and the blob metadata (build_metadata.AdditionalFiles.SpecializedWeights*).</summary>
    private static ManifestInput ReadInput(AdditionalText text, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        string content = text.GetText(cancellationToken)?.ToString() ?? string.Empty;
        options.TryGetValue("build_metadata.AdditionalFiles.SpecializedWeightsPath", out string? path);
        options.TryGetValue("build_metadata.AdditionalFiles.SpecializedWeightsExists", out string? exists);
        options.TryGetValue("build_metadata.AdditionalFiles.SpecializedWeightsLength", out string? length);
        options.TryGetValue("build_metadata.AdditionalFiles.SpecializedWeightsSha256", out string? sha);
        bool? present = bool.TryParse(exists, out bool e) ? e : null;
        long? size = long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out long l) ? l : null;
        return new ManifestInput(text.Path, content, new BlobFacts(Empty(path), present, size, Empty(sha)));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Runs a step; an exception (a generator bug) becomes SP9999 instead of CS8785.</summary>
    internal static T Guard<T>(string path, Func<T> step, Func<DiagnosticInfo, T> onError)
    {
        try
        {
            return step();
        }
#pragma warning disable CA1031 // The generator must never throw: any failure is reported as a diagnostic.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return onError(DiagnosticInfo.AtStart(DiagnosticDescriptors.InternalErrorId, path, exception.GetType().Name + ": " + exception.Message));
        }
    }

    private static void Emit(SourceProductionContext spc, string manifest, Action emit)
    {
        try
        {
            emit();
        }
#pragma warning disable CA1031 // The generator must never throw: any failure is reported as a diagnostic.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, $"{manifest}: {exception.GetType().Name}: {exception.Message}"));
        }
    }
}
