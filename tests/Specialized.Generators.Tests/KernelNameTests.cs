extern alias generators;

using generators::Specialized.Generators.Planning;
using Specialized.Generators.Tests.TestSupport;
using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Generators.Tests;

/// <summary>Kernel names are a parsed contract: every emitted layer file's name parses back to the manifest's facts.</summary>
public sealed class KernelNameTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_layer_file_name_parses_to_its_layer_widths(int caseIndex)
    {
        var (spec, blob) = RandomModels.Create(caseIndex);
        var run = SpecializedGeneratorRunner.Run(null, new ManifestFile("/m/x.manifest.json", ManifestWriter.Write(spec), WeightsMetadata.Of(spec.Weights.File, blob)));
        var layerFiles = run.Sources.Where(s => s.HintName.Contains(".Layer", StringComparison.Ordinal)).ToList();
        Assert.Equal(spec.Layers.Count, layerFiles.Count);
        foreach (var (hintName, _) in layerFiles)
        {
            // {ns}.{Class}.Layer{NNN}.{KernelName}.g.cs
            string[] parts = hintName[..^".g.cs".Length].Split('.');
            int index = int.Parse(parts[^2]["Layer".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(KernelName.TryParse(parts[^1], out var name), $"'{parts[^1]}' does not parse");
            var layer = spec.Layers[index];
            Assert.Equal(LayerOps.Name(layer.Op), name!.Op.ToLowerInvariant());
            Assert.Equal(spec.FindTensor(layer.Inputs[0])!.Bits, name.ActivationBits);
            Assert.Equal(layer.Weights is null ? [] : layer.Weights.ChannelGroups.Select(g => g.WeightBits).ToArray(), name.WeightBits.ToArray());
            Assert.Equal(parts[^1], name.ToString());
        }
    }

    [Theory]
    [InlineData("Conv_w2w6a5_1x4__SimdInt16", "Conv", new[] { 2, 6 }, 5, 1, 4, "SimdInt16")]
    [InlineData("Maxpool_a6__Reference", "Maxpool", new int[0], 6, 0, 0, "Reference")]
    [InlineData("Gemm_w8a4_2x16__Lut", "Gemm", new[] { 8 }, 4, 2, 16, "Lut")]
    public void Names_parse_into_their_parts(string text, string op, int[] weights, int activation, int rows, int channels, string family)
    {
        Assert.True(KernelName.TryParse(text, out var name));
        Assert.Equal(new KernelName(op, weights, activation, rows, channels, family), name);
        Assert.Equal(text, name!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Conv")]
    [InlineData("Conv_w4a8_1x4")]
    [InlineData("conv_w4a8_1x4__SimdInt16")]
    [InlineData("Conv_w4a8__SimdInt16")]
    [InlineData("Conv_wa8_1x4__SimdInt16")]
    [InlineData("Conv_w4_1x4__SimdInt16")]
    [InlineData("Conv_w4a8_1y4__SimdInt16")]
    [InlineData("Maxpool_a6_1x4__Reference")]
    [InlineData("Conv_w4a8_1x4__")]
    public void Malformed_names_do_not_parse(string text) => Assert.False(KernelName.TryParse(text, out _));
}
