using System.Security.Cryptography;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>
/// A manifest written by hand: conv 1→2 channels, 3×3, on a 4×4 8-bit image with ReLU, then a 2×2 max pool. The
/// requantization scales are exact powers of two (0.5 and 0.25) so the integers are easy to check by hand:
/// 0.5 = 2^30·2^(0−31), 0.25 = 2^30·2^(−1−31).
/// </summary>
internal static class TinyManifest
{
    public static readonly sbyte[] Channel0 = [1, -2, 3, 0, 5, -6, 7, -8, 9];
    public static readonly sbyte[] Channel1 = [-127, 100, 0, 1, 1, 1, -50, 25, 127];
    public const int Bias0 = 3, Bias1 = -7;
    public const float InputScale = 0.5f, OutputScale = 0.25f;
    public const int InputZeroPoint = 10, OutputZeroPoint = 5;

    public static byte[] Blob => [.. Channel0.Select(v => (byte)v), .. Channel1.Select(v => (byte)v)];

    public static string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Blob));

    public const string TextTemplate = """
        {
          "formatVersion": 1,
          "name": "tiny",
          "input": { "tensor": "x", "mean": [0.5], "std": [0.25] },
          "tensors": [
            { "id": "x", "shape": [1, 4, 4], "bits": 8, "scale": 0.5, "zeroPoint": 10 },
            { "id": "y", "shape": [2, 2, 2], "bits": 8, "scale": 0.25, "zeroPoint": 5 },
            { "id": "z", "shape": [2, 1, 1], "bits": 8, "scale": 0.25, "zeroPoint": 5 }
          ],
          "layers": [
            {
              "name": "conv1",
              "op": "conv",
              "inputs": ["x"],
              "output": "y",
              "kernel": [3, 3],
              "stride": [1, 1],
              "pads": [0, 0, 0, 0],
              "dilation": [1, 1],
              "groups": 1,
              "clamp": [5, 255],
              "weightBits": 8,
              "weightScales": [0.25, 0.125],
              "bias": [3, -7],
              "multipliers": [1073741824, 1073741824],
              "shifts": [0, -1],
              "weights": { "offset": 0, "length": 18 }
            },
            {
              "name": "pool1",
              "op": "maxpool",
              "inputs": ["y"],
              "output": "z",
              "kernel": [2, 2],
              "stride": [2, 2],
              "pads": [0, 0, 0, 0],
              "dilation": [1, 1],
              "ceilMode": false
            }
          ],
          "outputs": [{ "tensor": "z", "source": "codes" }],
          "weights": { "file": "tiny.weights.bin", "length": 18, "sha256": "SHA" }
        }
        """;

    public static string Text => TextTemplate.Replace("\"SHA\"", $"\"{Sha256}\"", StringComparison.Ordinal);

    /// <summary>Writes the manifest and blob into <paramref name="folder"/>; returns the manifest path.</summary>
    public static string WriteTo(string folder)
    {
        File.WriteAllBytes(Path.Combine(folder, "tiny.weights.bin"), Blob);
        string path = Path.Combine(folder, "tiny.manifest.json");
        File.WriteAllText(path, Text);
        return path;
    }
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "specialized-manifest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
