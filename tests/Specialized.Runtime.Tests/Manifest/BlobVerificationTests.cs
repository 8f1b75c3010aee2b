using Specialized.Allocator.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Manifest;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>The executor refuses a weights file that does not match its manifest, naming the file.</summary>
public class BlobVerificationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(17)]
    public void OneFlippedByte_IsAHashMismatchNamingTheWeightsFile(int index)
    {
        using var folder = new TempFolder();
        string manifest = TinyManifest.WriteTo(folder.Path);
        string blob = Path.Combine(folder.Path, "tiny.weights.bin");
        var bytes = File.ReadAllBytes(blob);
        bytes[index] ^= 0x10;
        File.WriteAllBytes(blob, bytes);

        var error = Assert.Throws<ManifestException>(() => ManifestExecutor.Load(manifest));
        Assert.Contains("tiny.weights.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public void WrongLength_IsReportedBeforeHashing(int length)
    {
        using var folder = new TempFolder();
        string manifest = TinyManifest.WriteTo(folder.Path);
        string blob = Path.Combine(folder.Path, "tiny.weights.bin");
        var bytes = TinyManifest.Blob.ToList();
        bytes.AddRange(new byte[Math.Max(0, length - bytes.Count)]);
        File.WriteAllBytes(blob, bytes.Take(length).ToArray());

        var error = Assert.Throws<ManifestException>(() => ManifestExecutor.Load(manifest));
        Assert.Contains($"has {length} bytes, the manifest says 18", error.Message, StringComparison.Ordinal);
        Assert.Equal(blob, error.SourceName);
    }

    [Fact]
    public void MissingWeightsFile_IsFileNotFoundNamingIt()
    {
        using var folder = new TempFolder();
        string manifest = TinyManifest.WriteTo(folder.Path);
        File.Delete(Path.Combine(folder.Path, "tiny.weights.bin"));
        var error = Assert.Throws<FileNotFoundException>(() => ManifestExecutor.Load(manifest));
        Assert.EndsWith("tiny.weights.bin", error.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidManifest_ListsItsErrorsWithPositions()
    {
        using var folder = new TempFolder();
        string manifest = TinyManifest.WriteTo(folder.Path);
        File.WriteAllText(manifest, TinyManifest.Text.Replace("\"op\": \"conv\"", "\"op\": \"deconv\"", StringComparison.Ordinal));
        var error = Assert.Throws<ManifestException>(() => ManifestExecutor.Load(manifest));
        Assert.Equal(Specialized.Manifest.ManifestErrorCode.UnsupportedOp, Assert.Single(error.Errors).Code);
        Assert.Contains("SP0011", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny.manifest.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltModel_WrittenToDisk_LoadsAndRunsLikeTheInMemoryOne()
    {
        var random = new Random(8);
        var graph = RandomGraphs.GlobalPoolHead(random);
        var images = RandomGraphs.Images(random, graph, 2);
        var built = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = RandomGraphs.Calibrate(graph, images), Name = "head" });
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "head.manifest.json");
        ManifestOutput.Write(path, built);

        Assert.Equal(["head.manifest.json", "head.weights.bin"], Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)).Order().ToArray());
        var fromDisk = ManifestExecutor.Load(path).Run(images);
        var inMemory = ManifestExecutor.Create(built.Spec, built.Blob).Run(images);
        Assert.Equal(inMemory.Data, fromDisk.Data);
    }

    [Fact]
    public void InMemorySpec_IsValidatedLikeAFile()
    {
        var spec = Specialized.Manifest.ManifestParser.Parse(TinyManifest.Text).Spec!;
        var wrongShape = spec with { Tensors = Specialized.Manifest.EquatableArray.Create(spec.Tensors[0], spec.Tensors[1] with { Shape = Specialized.Manifest.EquatableArray.Create(2, 3, 3) }, spec.Tensors[2]) };
        var error = Assert.Throws<ManifestException>(() => ManifestExecutor.Create(wrongShape, TinyManifest.Blob, "in-memory"));
        Assert.Contains(error.Errors, e => e.Code == Specialized.Manifest.ManifestErrorCode.ShapeMismatch);
        Assert.StartsWith("in-memory:", error.Message, StringComparison.Ordinal);
    }
}
