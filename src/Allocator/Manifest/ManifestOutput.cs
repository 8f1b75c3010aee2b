using Specialized.Allocator.Output;
using Specialized.Manifest;

namespace Specialized.Allocator.Manifest;

/// <summary>Writes a built manifest and its weights file.</summary>
public static class ManifestOutput
{
    /// <summary>
    /// Writes the weights blob (named by the spec, beside the manifest) and then the manifest, each atomically
    /// (temporary file + rename). The manifest goes last, so a reader that finds it also finds the blob it names.
    /// </summary>
    public static void Write(string manifestPath, ManifestBuildResult result)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(result);
        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        AtomicFile.Write(Path.Combine(folder, result.Spec.Weights.File), stream => stream.Write(result.Blob));
        string text = ManifestWriter.Write(result.Spec);
        AtomicFile.Write(manifestPath, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            writer.Write(text);
        });
    }
}
