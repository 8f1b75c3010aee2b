using Specialized.Manifest;

namespace Specialized.Generators.Model;

// Caching contract (applies to every type in Model/): immutable, structural equality, no Roslyn symbols,
// SyntaxTrees, Locations or SourceText. A step whose output equals its previous output is Unchanged and
// everything downstream is reused.

/// <summary>
/// What MSBuild told the generator about a manifest's weights file (item metadata, see
/// Specialized.Generators.targets): its path, whether it exists, its length and uppercase/lowercase hex SHA-256.
/// All null when the manifest was added as a plain AdditionalFile without the targets.
/// </summary>
internal sealed record BlobFacts(string? Path, bool? Exists, long? Length, string? Sha256);

/// <summary>One manifest as the generator first sees it: its path and full text, plus the blob facts.</summary>
internal sealed record ManifestInput(string Path, string Text, BlobFacts Blob);

/// <summary>
/// A parsed manifest: the spec (null when there are errors), the C# names chosen for it, the file name under which
/// the weights are embedded (the file MSBuild found, else the manifest's weights.file), and diagnostics. It holds
/// no text or positions unless there is an error, so reformatting a valid manifest leaves it equal.
/// </summary>
internal sealed record ParsedManifest(
    string Path,
    ManifestSpec? Spec,
    string? Namespace,
    string? ClassName,
    string? WeightsResourceFile,
    EquatableArray<Helpers.DiagnosticInfo> Diagnostics);
