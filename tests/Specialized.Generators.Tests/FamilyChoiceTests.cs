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

    /// <summary>
    /// The heuristic's bit-plane rule (docs/generator.md): weights of ≤ 2 bits on activations of ≤ 5 bits when a table
    /// serves ≥ 8 lookups, binary weights on wider activations from 12, runs of ≥ 16 codes; else int16 accumulation.
    /// </summary>
    [Theory]
    [InlineData(64, 64, 3, 1, 40, 2, 4, "__BitPlane")]            // 3x3 stride 1: a table serves 9 taps × 2 lookups
    [InlineData(64, 64, 3, 1, 40, 1, 8, "__BitPlane")]            // binary on 8-bit codes: signed int16 tables, reuse 16.3
    [InlineData(64, 128, 3, 2, 40, 1, 8, "__Int16Accumulation")]  // the same, stride 2: reuse 8.2 (< 12)
    [InlineData(64, 128, 3, 2, 40, 2, 4, "__BitPlane")]           // ≤ 2-bit weights on ≤ 5-bit codes: 8.2 is enough (≥ 8)
    [InlineData(64, 128, 1, 2, 40, 2, 2, "__Int16Accumulation")]  // 1x1 stride 2: 4 lookups per table built
    [InlineData(3, 64, 7, 2, 40, 2, 2, "__Int16Accumulation")]    // stem: runs of 3 codes
    [InlineData(64, 64, 3, 1, 40, 4, 4, "__Int16Accumulation")]   // 4-bit weights: two lookups per 6 codes
    [InlineData(64, 64, 3, 1, 40, 2, 8, "__Int16Accumulation")]   // 2-bit weights on 8-bit codes: two int16 lookups per 5 codes
    public void Heuristic_picks_the_bit_plane_family_where_it_measured_faster(int inChannels, int outChannels, int kernel, int stride, int size, int w, int a, string kernelSuffix)
    {
        var b = new TestModelBuilder(9, "heuristic");
        int pad = kernel / 2;
        b.Output(b.Conv(b.Input(inChannels, size, size, a), outChannels, kernel, stride, [pad, pad, pad, pad], 1, 1, [w], 8, relu: true), Specialized.Manifest.OutputSource.Codes);
        var (spec, blob) = b.Build();
        var run = SpecializedGeneratorRunner.Run(null, new ManifestFile(Path, Specialized.Manifest.ManifestWriter.Write(spec), WeightsMetadata.Of(spec.Weights.File, blob)));
        var conv = Assert.Single(run.Sources, s => s.HintName.Contains(".Layer000.", StringComparison.Ordinal));
        Assert.EndsWith(kernelSuffix + ".g.cs", conv.HintName, StringComparison.Ordinal);
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
