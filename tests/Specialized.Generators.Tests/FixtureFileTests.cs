using Specialized.Generators.Tests.TestSupport;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>The committed Models/*.manifest.json and *.weights.bin are what their builders make (accept env var rewrites them).</summary>
public sealed class FixtureFileTests
{
    [Theory]
    [InlineData("tiny")]
    [InlineData("residual-net")]
    public void Committed_fixture_matches_its_builder(string name)
    {
        var (spec, blob) = FixtureModels.Create(name);
        string manifestPath = Path.Combine(FixtureModels.Folder(), name + ".manifest.json");
        string blobPath = Path.Combine(FixtureModels.Folder(), spec.Weights.File);
        string json = ManifestWriter.Write(spec);
        if (Environment.GetEnvironmentVariable(GeneratorSnapshots.AcceptVariable) == "1")
        {
            File.WriteAllText(manifestPath, json);
            File.WriteAllBytes(blobPath, blob);
        }

        Assert.Equal(json, File.ReadAllText(manifestPath).Replace("\r\n", "\n"));
        Assert.Equal(blob, File.ReadAllBytes(blobPath));
    }
}
