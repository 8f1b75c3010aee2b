using System.Security.Cryptography;

namespace Specialized.Testing;

/// <summary>
/// The item metadata Specialized.Generators.targets attaches to a manifest AdditionalFile: the weights file's path,
/// whether it exists, its length and SHA-256 (lowercase hex). <see cref="None"/> means "no targets" (no build-time check).
/// </summary>
public sealed record WeightsMetadata(string? Path, bool? Exists, long? Length, string? Sha256)
{
    public static WeightsMetadata None { get; } = new(null, null, null, null);

    /// <summary>The metadata of <paramref name="blob"/> as MSBuild would compute it.</summary>
    public static WeightsMetadata Of(string path, ReadOnlySpan<byte> blob) =>
        new(path, true, blob.Length, Convert.ToHexStringLower(SHA256.HashData(blob)));

    /// <summary>The metadata of the file at <paramref name="path"/> (Exists = false when it is missing).</summary>
    public static WeightsMetadata OfFile(string path) =>
        File.Exists(path) ? Of(path, File.ReadAllBytes(path)) : new(path, false, null, null);

    /// <summary>As build_metadata.AdditionalFiles.* keys.</summary>
    public IReadOnlyDictionary<string, string> ToOptions()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(options, "SpecializedWeightsPath", Path);
        Add(options, "SpecializedWeightsExists", Exists is null ? null : Exists.Value ? "true" : "false");
        Add(options, "SpecializedWeightsLength", Length?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(options, "SpecializedWeightsSha256", Sha256);
        return options;
    }

    private static void Add(Dictionary<string, string> options, string key, string? value)
    {
        if (value is not null)
        {
            options["build_metadata.AdditionalFiles." + key] = value;
        }
    }
}
