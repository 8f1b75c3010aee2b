extern alias generators;

using Microsoft.CodeAnalysis;
using Specialized.Generators.Tests.TestSupport;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// One test per diagnostic: a small edit of the committed tiny manifest (or of its weights facts) must produce
/// exactly that id, located on the line of the offending token, and the generator must not throw.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Path = "/models/tiny.manifest.json";

    private static readonly string Tiny = FixtureModels.TinyText;

    private static readonly byte[] Blob = FixtureModels.TinyBlob;

    /// <summary>id, text to replace (first occurrence), replacement, and a text on the line the diagnostic must point at.</summary>
    public static TheoryData<string, string, string, string> ManifestEdits() => new()
    {
        { "SP0001", "\"formatVersion\": 1,", "\"formatVersion\": 1,,", "\"formatVersion\": 1,," },
        { "SP0002", "\"mean\": [0.5, 0.5, 0.5]", "\"mean\": " + new string('[', 70) + new string(']', 70), "\"mean\"" },
        { "SP0003", "\"name\": \"tiny\",", "\"name\": \"tiny\", \"name\": \"tiny2\",", "\"tiny2\"" },
        { "SP0004", "\"formatVersion\": 1", "\"formatVersion\": 2", "\"formatVersion\": 2" },
        { "SP0005", "\"kernel\": [3, 3],\n", "", "\"name\": \"conv0\"" }, // at the layer object, the line before
        { "SP0006", "\"groups\": 1,", "\"groups\": \"1\",", "\"groups\": \"1\"" },
        { "SP0007", "\"groups\": 1,", "\"groups\": 1, \"grups\": 1,", "\"grups\"" },
        { "SP0008", "\"stride\": [1, 1]", "\"stride\": [0, 1]", "\"stride\": [0, 1]" },
        { "SP0009", "\"inputs\": [\"t1\"]", "\"inputs\": [\"t9\"]", "\"t9\"" },
        { "SP0010", "\"name\": \"flatten2\"", "\"name\": \"conv0\"", "\"name\": \"conv0\"" },
        { "SP0011", "\"op\": \"flatten\"", "\"op\": \"reshape\"", "\"reshape\"" },
        { "SP0012", "\"weightBits\": 4", "\"weightBits\": 9", "\"weightBits\": 9" },
        { "SP0013", "\"shape\": [6, 6, 6]", "\"shape\": [6, 5, 6]", "\"output\": \"t1\"" },
        { "SP0014", "\"bias\": [-231, -1977, -693, 1404, 2083, 2428]", "\"bias\": [-231, -1977, -693, 1404, 2083]", "\"bias\": [-231" },
        { "SP0015", "{ \"id\": \"t2\", \"shape\": [6, 1, 1], \"bits\": 4, \"scale\": 0.01522617, \"zeroPoint\": 10 }", "{ \"id\": \"t2\", \"shape\": [6, 1, 1], \"bits\": 4, \"scale\": 0.01522617, \"zeroPoint\": 11 }", "\"inputs\": [\"t1\"]" },
        { "SP0016", "\"weights\": { \"offset\": 84, \"length\": 30 }", "\"weights\": { \"offset\": 84, \"length\": 31 }", "\"length\": 31" },
        { "SP0020", "\"name\": \"tiny\"", "\"name\": \"---\"", "\"---\"" },
        { "SP0020", "\"name\": \"tiny\",", "\"name\": \"tiny\", \"namespace\": \"My.class\",", "\"My.class\"" },
        { "SP0021", "\"bias\": [-231,", "\"bias\": [2147480000,", "\"name\": \"conv0\"" }, // at the layer object, the line before
        { "SP0024", "\"output\": \"t1\",", "\"output\": \"t1\", \"kernelFamily\": \"Int4\",", "\"name\": \"conv0\"" },
        { "SP0025", "\"output\": \"t1\",", "\"output\": \"t1\", \"kernelFamily\": \"Pooling\",", "\"name\": \"conv0\"" },
    };

    [Theory]
    [MemberData(nameof(ManifestEdits))]
    public void Manifest_problem_is_reported_at_its_token(string id, string find, string replace, string lineMarker)
    {
        Assert.Contains(find, Tiny);
        int at = Tiny.IndexOf(find, StringComparison.Ordinal);
        string text = Tiny[..at] + replace + Tiny[(at + find.Length)..];
        var run = Generate(new ManifestFile(Path, text, WeightsMetadata.Of("tiny.weights.bin", Blob)));
        var diagnostic = run.Diagnostics.FirstOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, $"expected {id}, got: {string.Join("; ", run.Diagnostics)}");
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        int expectedLine = LineOf(text, lineMarker, id is "SP0005" or "SP0021" or "SP0024" or "SP0025" ? -1 : 0);
        Assert.True(expectedLine == diagnostic.Location.GetLineSpan().StartLinePosition.Line, $"{id} at line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}, expected {expectedLine + 1} ({lineMarker}): {diagnostic}");
        Assert.Equal(id is "SP0021" or "SP0024" or "SP0025" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void SP0017_missing_weights_file_is_reported_at_the_weights_key()
    {
        var run = Generate(new ManifestFile(Path, Tiny, new WeightsMetadata("/models/tiny.weights.bin", false, null, null)));
        AssertSingle(run, "SP0017", "\"weights\": {");
    }

    [Fact]
    public void SP0018_weights_length_mismatch_is_reported()
    {
        var run = Generate(new ManifestFile(Path, Tiny, WeightsMetadata.Of("tiny.weights.bin", [.. Blob, 0])));
        AssertSingle(run, "SP0018", "\"weights\": {");
        Assert.Contains("115", run.Diagnostics.Single().GetMessage());
    }

    [Fact]
    public void SP0019_weights_hash_mismatch_is_reported()
    {
        var corrupt = (byte[])Blob.Clone();
        corrupt[5] ^= 1;
        var run = Generate(new ManifestFile(Path, Tiny, WeightsMetadata.Of("tiny.weights.bin", corrupt)));
        AssertSingle(run, "SP0019", "\"weights\": {");
    }

    [Fact]
    public void Uppercase_hash_from_MSBuild_matches_the_lowercase_manifest_hash()
    {
        var facts = WeightsMetadata.Of("tiny.weights.bin", Blob);
        var run = Generate(new ManifestFile(Path, Tiny, facts with { Sha256 = facts.Sha256!.ToUpperInvariant() }));
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void SP0022_two_manifests_for_one_class_report_the_second_and_generate_the_first()
    {
        var run = Generate(
            new ManifestFile("/b/tiny.manifest.json", Tiny, WeightsMetadata.None),
            new ManifestFile("/a/tiny.manifest.json", Tiny, WeightsMetadata.None));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SP0022", diagnostic.Id);
        Assert.Equal("/b/tiny.manifest.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("/a/tiny.manifest.json", diagnostic.GetMessage());
        Assert.Contains(run.Sources, s => s.HintName == "Specialized.Generated.TinyModel.g.cs");
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
    }

    [Fact]
    public void SP0023_an_arena_beyond_2_GiB_is_reported()
    {
        // A 1×40000×40000 input and a 1×1 max pool: two live 1.6 GB tensors.
        var b = new TestModelBuilder(1, "huge");
        string x = b.Input(1, 40000, 40000, 8);
        b.Output(b.Pool(x, max: true, 1, 1, [0, 0, 0, 0], ceil: false, false), Specialized.Manifest.OutputSource.Codes);
        var (spec, blob) = b.Build();
        var run = Generate(new ManifestFile(Path, Specialized.Manifest.ManifestWriter.Write(spec), WeightsMetadata.Of(spec.Weights.File, blob)));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SP0023", diagnostic.Id);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void SP9999_an_exception_inside_a_step_becomes_a_diagnostic()
    {
        // No manifest reaches a bug on purpose, so the guard every step runs in is exercised directly.
        var result = generators::Specialized.Generators.SpecializedGenerator.Guard<string?>(Path, () => throw new InvalidOperationException("boom"), error => error.ToDiagnostic().ToString());
        Assert.NotNull(result);
        Assert.Contains("SP9999", result);
        Assert.Contains("InvalidOperationException: boom", result);
        Assert.Contains(Path, result);
    }

    [Fact]
    public void The_generator_never_throws_on_damaged_manifests()
    {
        var rng = new Random(20261122);
        for (int i = 0; i < 300; i++)
        {
            var chars = Tiny.ToCharArray();
            string text = (i % 3) switch
            {
                0 => Tiny[..rng.Next(Tiny.Length)],
                1 => Flip(chars, rng),
                _ => Tiny.Remove(rng.Next(Tiny.Length - 10), rng.Next(1, 10)),
            };
            var run = Generate(new ManifestFile(Path, text, WeightsMetadata.Of("tiny.weights.bin", Blob)));
            var thrown = run.Result.Results.FirstOrDefault(r => r.Exception is not null).Exception;
            Assert.True(thrown is null, $"case {i} (seed 20261122) threw: {thrown}");
            Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8785" or "AD0001" or "SP9999");
        }
    }

    [Fact]
    public void Every_diagnostic_id_is_documented()
    {
        string docs = File.ReadAllText(System.IO.Path.Combine(FixtureModels.Folder(), "..", "..", "..", "docs", "diagnostics.md"));
        foreach (string id in Enumerable.Range(1, 25).Select(n => $"SP{n:D4}").Append("SP9999"))
        {
            Assert.Contains("## " + id, docs);
        }
    }

    private static string Flip(char[] chars, Random rng)
    {
        for (int k = 0; k < 3; k++)
        {
            chars[rng.Next(chars.Length)] = "{}[]\":,0-9ae \n"[rng.Next(14)];
        }

        return new string(chars);
    }

    private static void AssertSingle(GeneratorRun run, string id, string lineMarker)
    {
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(LineOf(Tiny, lineMarker, 0), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    private static GeneratorRun Generate(params ManifestFile[] manifests) => SpecializedGeneratorRunner.Run(null, manifests);

    // The 0-based line holding the last occurrence of marker (the edited one), shifted by offset lines.
    private static int LineOf(string text, string marker, int offset)
    {
        var lines = text.Split('\n');
        int line = Array.FindLastIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(line >= 0, $"marker {marker} not in the manifest");
        return line + offset;
    }
}
