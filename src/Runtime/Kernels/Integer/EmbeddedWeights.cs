using System.Reflection;
using System.Security.Cryptography;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>Loads the weights blob a generated model embeds as a manifest resource, and verifies it.</summary>
public static class EmbeddedWeights
{
    /// <summary>
    /// Reads resource <paramref name="resourceName"/> of <paramref name="assembly"/> and checks its length and
    /// lowercase-hex SHA-256 against the manifest's values (baked into the generated code as literals).
    /// </summary>
    /// <exception cref="InvalidOperationException">The resource is missing, or its length or hash differs.</exception>
    public static byte[] Load(Assembly assembly, string resourceName, long length, string sha256)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(resourceName);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"the weights resource '{resourceName}' is not embedded in {assembly.GetName().Name}; add the manifest as <SpecializedManifest Include=\"...\" /> so the build embeds its weights file");

        // Length first, so a wrong resource is rejected before a buffer is sized by it.
        if (stream.Length != length)
        {
            throw new InvalidOperationException($"the weights resource '{resourceName}' has {stream.Length} bytes, the manifest says {length}");
        }

        var blob = new byte[length];
        stream.ReadExactly(blob);
        string actual = Convert.ToHexStringLower(SHA256.HashData(blob));
        if (actual != sha256)
        {
            throw new InvalidOperationException($"the weights resource '{resourceName}' has SHA-256 {actual}, the manifest says {sha256} (a different or corrupted weights file)");
        }

        return blob;
    }
}
