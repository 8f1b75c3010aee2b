using Specialized.Manifest;

namespace Specialized.Runtime.Manifest;

/// <summary>
/// A manifest or its weights file cannot be used: it does not parse (<see cref="Errors"/> lists every located
/// problem), the blob's length or SHA-256 differs from the manifest, or a layer cannot run. The message names the
/// file (and the layer, when one is at fault).
/// </summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string sourceName, string problem, IReadOnlyList<ManifestError>? errors = null, Exception? inner = null)
        : base($"{sourceName}: {problem}", inner)
    {
        SourceName = sourceName;
        Problem = problem;
        Errors = errors ?? [];
    }

    /// <summary>The manifest or weights file at fault.</summary>
    public string SourceName { get; }

    public string Problem { get; }

    /// <summary>Parse errors with codes and positions (empty for blob and execution problems).</summary>
    public IReadOnlyList<ManifestError> Errors { get; }

    /// <summary>Throws when <paramref name="result"/> has errors; the message lists them as <c>file(line,col): SPnnnn: message</c>.</summary>
    public static ManifestSpec ThrowIfFailed(ManifestParseResult result, string sourceName)
    {
        if (result.Success)
        {
            return result.Spec!;
        }

        var lines = result.Errors.Select(e => $"({e.Span.Line},{e.Span.Column}): {e.Id}: {e.Message}");
        string problem = $"invalid manifest, {result.Errors.Count} error(s): " + string.Join("; ", lines);
        throw new ManifestException(sourceName, problem, result.Errors.ToArray());
    }
}
