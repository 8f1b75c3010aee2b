using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Specialized.Manifest;

namespace Specialized.Generators;

/// <summary>
/// Every diagnostic the generator reports, in one place. SP0001–SP0016 are the shared manifest reader's
/// <see cref="ManifestErrorCode"/>s (the number is the code); SP0017 onwards are checks only the generator makes;
/// SP9999 is a bug in the generator. Each is documented with an example in docs/diagnostics.md.
/// </summary>
#pragma warning disable RS2008 // Release tracking: ids and their docs live in docs/diagnostics.md instead of AnalyzerReleases files.
internal static class DiagnosticDescriptors
{
    public const string Category = "Specialized";

    /// <summary>No weights file was found for the manifest (neither x.weights.bin beside it nor an explicit Weights path).</summary>
    public const string WeightsMissingId = "SP0017";

    /// <summary>The weights file's length differs from the manifest's <c>weights.length</c>.</summary>
    public const string WeightsLengthId = "SP0018";

    /// <summary>The weights file's SHA-256 differs from the manifest's <c>weights.sha256</c>.</summary>
    public const string WeightsHashId = "SP0019";

    /// <summary>The manifest's name or namespace cannot become a C# class name or namespace.</summary>
    public const string InvalidNameId = "SP0020";

    /// <summary>A layer's worst-case accumulator exceeds int32, so some inputs would make the model fail.</summary>
    public const string AccumulatorRangeId = "SP0021";

    /// <summary>Two manifests in one project would generate the same class.</summary>
    public const string DuplicateClassId = "SP0022";

    /// <summary>The planned activation arena exceeds 2 GiB (int32 offsets).</summary>
    public const string ModelTooLargeId = "SP0023";

    /// <summary>A layer's <c>kernelFamily</c> names no family this generator has; the heuristic's family is used.</summary>
    public const string UnknownFamilyId = "SP0024";

    /// <summary>A layer's <c>kernelFamily</c> names a family that cannot run that layer; the heuristic's family is used.</summary>
    public const string IneligibleFamilyId = "SP0025";

    /// <summary>An unexpected exception inside the generator (a bug): reported instead of crashing the build.</summary>
    public const string InternalErrorId = "SP9999";

    public static readonly DiagnosticDescriptor WeightsMissing = Error(WeightsMissingId, "Weights file not found",
        "The weights file for this manifest was not found: {0}. Put '{1}' beside the manifest or set Weights=\"...\" on the SpecializedManifest item.");

    public static readonly DiagnosticDescriptor WeightsLength = Error(WeightsLengthId, "Weights file length differs from the manifest",
        "The weights file '{0}' has {1} bytes, the manifest says {2}");

    public static readonly DiagnosticDescriptor WeightsHash = Error(WeightsHashId, "Weights file hash differs from the manifest",
        "The weights file '{0}' has SHA-256 {1}, the manifest says {2} (a different or corrupted weights file)");

    public static readonly DiagnosticDescriptor InvalidName = Error(InvalidNameId, "Manifest name or namespace is not a valid C# name",
        "{0}");

    public static readonly DiagnosticDescriptor AccumulatorRange = new(AccumulatorRangeId, "Accumulator may overflow int32",
        "Layer '{0}': the worst-case accumulator is {1}, beyond int32; inputs near the extremes will make Run throw", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateClass = Error(DuplicateClassId, "Two manifests generate the same class",
        "The manifest generates class {0}, which {1} generates too; give one of them a different name or namespace");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error(ModelTooLargeId, "Model too large",
        "The activation arena of this model needs {0} bytes, more than the 2147483647 a single arena can hold");

    public static readonly DiagnosticDescriptor UnknownFamily = Warning(UnknownFamilyId, "Unknown kernel family",
        "Layer '{0}': kernelFamily \"{1}\" is not a family of this generator ({2}); using {3}");

    public static readonly DiagnosticDescriptor IneligibleFamily = Warning(IneligibleFamilyId, "Kernel family cannot run this layer",
        "Layer '{0}': kernelFamily {1} cannot run this layer ({2}); using {3}");

    public static readonly DiagnosticDescriptor InternalError = Error(InternalErrorId, "Specialized generator internal error",
        "The Specialized generator failed unexpectedly ({0}); no code was generated for this manifest. Please report this bug.");

    private static readonly Dictionary<string, DiagnosticDescriptor> Manifest = CreateManifestDescriptors();

    /// <summary>The descriptor with id <paramref name="id"/> (manifest codes included).</summary>
    public static DiagnosticDescriptor ById(string id)
    {
        if (Manifest.TryGetValue(id, out var descriptor))
        {
            return descriptor;
        }

        return id switch
        {
            WeightsMissingId => WeightsMissing,
            WeightsLengthId => WeightsLength,
            WeightsHashId => WeightsHash,
            InvalidNameId => InvalidName,
            AccumulatorRangeId => AccumulatorRange,
            DuplicateClassId => DuplicateClass,
            ModelTooLargeId => ModelTooLarge,
            UnknownFamilyId => UnknownFamily,
            IneligibleFamilyId => IneligibleFamily,
            _ => InternalError,
        };
    }

    private static Dictionary<string, DiagnosticDescriptor> CreateManifestDescriptors()
    {
        var result = new Dictionary<string, DiagnosticDescriptor>();
        foreach (ManifestErrorCode code in System.Enum.GetValues(typeof(ManifestErrorCode)))
        {
            string id = "SP" + ((int)code).ToString("D4", CultureInfo.InvariantCulture);
            result[id] = Error(id, "Invalid manifest: " + code, "{0}");
        }

        return result;
    }

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
