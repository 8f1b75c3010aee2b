using Specialized.Generators.Tests.TestSupport;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>
/// A layer's recorded <c>kernelFamily</c> (written by <c>specialized tune</c>) decides its family; without one, or
/// with one the generator cannot use (SP0024/SP0025, in DiagnosticTests), the heuristic does. The family shows in
/// the layer file's kernel name.
/// </summary>
public sealed class FamilyChoiceTests
{
    private const string Path = "/models/tiny.manifest.json";

    [Theory]
    [InlineData(null, "__Int16Accumulation")]          // the heuristic for tiny's w4a8 conv
    [InlineData("Int8", "__Int8")]                     // recorded: honoured
    [InlineData("Int16Accumulation", "__Int16Accumulation")]
    [InlineData("NoSuchFamily", "__Int16Accumulation")] // unknown: heuristic (SP0024)
    [InlineData("Elementwise", "__Int16Accumulation")]  // not for a conv: heuristic (SP0025)
    [InlineData("ProductTable", "__Int16Accumulation")] // w4a8: an 8-bit table index is too wide (SP0025)
    [InlineData("BitPlane", "__BitPlane")]              // 4-bit weights: four planes
    public void Recorded_family_is_honoured_when_it_can_run_the_layer(string? family, string kernelSuffix)
    {
        string text = FixtureModels.TinyText;
        if (family is not null)
        {
            text = text.Replace("\"output\": \"t1\",", $"\"output\": \"t1\", \"kernelFamily\": \"{family}\",", StringComparison.Ordinal);
        }

        var run = SpecializedGeneratorRunner.Run(null, new ManifestFile(Path, text, WeightsMetadata.Of("tiny.weights.bin", FixtureModels.TinyBlob)));
        var conv = Assert.Single(run.Sources, s => s.HintName.Contains(".Layer000.", StringComparison.Ordinal));
        Assert.EndsWith(kernelSuffix + ".g.cs", conv.HintName, StringComparison.Ordinal);
        bool valid = family is null or "Int8" or "Int16Accumulation" or "BitPlane";
        Assert.Equal(valid, run.Diagnostics.IsEmpty);
    }

    /// <summary>The measuring tools' family list names only families the generator has and that run a conv (a w2a2 one, which every conv/gemm family claims).</summary>
    [Fact]
    public void Every_listed_conv_gemm_family_is_a_generator_family()
    {
        var b = new TestModelBuilder(3, "w2a2");
        b.Output(b.Conv(b.Input(8, 5, 5, 2), 16, 3, 1, [1, 1, 1, 1], 1, 1, [2], 2, relu: true), Specialized.Manifest.OutputSource.Codes);
        var spec = b.Build();
        foreach (string family in FamilyTrial.ConvGemmFamilies)
        {
            using var model = FamilyTrial.TryCompile(spec.Spec, spec.Blob, family, threads: 1);
            Assert.NotNull(model);
            Assert.Contains(model!.Run.Sources, s => s.HintName.EndsWith("__" + family + ".g.cs", StringComparison.Ordinal));
        }
    }
}
