using System.Security.Cryptography;
using Specialized.Manifest;

namespace Specialized.Runtime.Manifest;

/// <summary>A parsed manifest with its verified weights blob.</summary>
public sealed record LoadedManifest(ManifestSpec Spec, byte[] Blob, string SourceName);

/// <summary>Reads a manifest and the weights file it names, verifying the blob's length and SHA-256.</summary>
public static class ManifestFile
{
    /// <summary>
    /// Parses <paramref name="manifestPath"/> and reads the weights file named in it from the same folder.
    /// </summary>
    /// <exception cref="ManifestException">The manifest does not parse, or the blob's length or SHA-256 differs from the manifest.</exception>
    /// <exception cref="FileNotFoundException">The manifest or the weights file does not exist.</exception>
    public static LoadedManifest Load(string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        string fullPath = Path.GetFullPath(manifestPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"manifest not found: {fullPath}", fullPath);
        }

        var spec = ManifestException.ThrowIfFailed(ManifestParser.Parse(File.ReadAllText(fullPath)), fullPath);
        string blobPath = Path.Combine(Path.GetDirectoryName(fullPath)!, spec.Weights.File);
        if (!File.Exists(blobPath))
        {
            throw new FileNotFoundException($"weights file not found: {blobPath} (named by {fullPath})", blobPath);
        }

        // Length first: a wrong file is rejected before it is read, whatever its size.
        long length = new FileInfo(blobPath).Length;
        if (length != spec.Weights.Length)
        {
            throw new ManifestException(blobPath, $"weights file has {length} bytes, the manifest says {spec.Weights.Length}");
        }

        byte[] blob = File.ReadAllBytes(blobPath);
        VerifyBlob(spec, blob, blobPath);
        return new LoadedManifest(spec, blob, fullPath);
    }

    /// <summary>Checks the blob's length and SHA-256 against <paramref name="spec"/>.</summary>
    /// <exception cref="ManifestException">Length or hash differs; the message names <paramref name="blobName"/>.</exception>
    public static void VerifyBlob(ManifestSpec spec, ReadOnlySpan<byte> blob, string blobName)
    {
        if (blob.Length != spec.Weights.Length)
        {
            throw new ManifestException(blobName, $"weights file has {blob.Length} bytes, the manifest says {spec.Weights.Length}");
        }

        string actual = Sha256Hex(blob);
        if (actual != spec.Weights.Sha256)
        {
            throw new ManifestException(blobName, $"weights file SHA-256 is {actual}, the manifest says {spec.Weights.Sha256} (the file is corrupt or belongs to another manifest)");
        }
    }

    /// <summary>Lowercase hex SHA-256, the form the manifest stores.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
