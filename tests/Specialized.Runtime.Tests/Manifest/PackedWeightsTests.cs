using System.Security.Cryptography;
using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>
/// The blob layout as docs/manifest.md states it, read back by a bit reader written here: per output channel one
/// LSB-first row of ⌈K·b/8⌉ bytes in [O, KH, KW, I] order, two's complement (binary ±1 at one bit), or codebook indices.
/// </summary>
public class PackedWeightsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void EveryWeightWidth_ExecutorEqualsANaiveConvolutionOverTheHandUnpackedBlob(int bits)
    {
        var random = new Random(100 + bits);
        var conv = RandomGraphs.Conv(random, "conv", "x", "y", 3, 4, 3, 2, 1, 1, FusedActivation.None);
        var graph = new ModelGraph("w", "x", [-1, 3, 5, 5], [conv], ["y"]);
        var image = RandomGraphs.Images(random, graph, 1);
        var ranges = RandomGraphs.Calibrate(graph, image);
        var built = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = ranges, DefaultPrecision = new LayerPrecision(bits, 8) });
        var layer = built.Spec.Layers[0].Weights!;
        var input = built.Spec.FindTensor("x")!;
        int k = 27, rowBytes = (k * bits + 7) / 8;
        Assert.Equal(4 * rowBytes, layer.Blob.Length);

        var actual = ManifestExecutor.Create(built.Spec, built.Blob).Run(image);
        for (int o = 0; o < 4; o++)
        {
            int[] w = ReadRow(built.Blob.AsSpan((int)layer.Blob.Offset + o * rowBytes, rowBytes), k, bits);
            double scale = (double)input.Scale * layer.WeightScales[o];
            for (int oy = 0; oy < 3; oy++)
            {
                for (int ox = 0; ox < 3; ox++)
                {
                    long acc = layer.Bias[o];
                    for (int ky = 0; ky < 3; ky++)
                    {
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int y = oy * 2 - 1 + ky, x = ox * 2 - 1 + kx;
                            if (y < 0 || y >= 5 || x < 0 || x >= 5)
                            {
                                continue;
                            }

                            for (int i = 0; i < 3; i++)
                            {
                                float real = image.Data[(i * 5 + y) * 5 + x];
                                int q = Math.Clamp(input.ZeroPoint + (int)Math.Round(real / (double)input.Scale, MidpointRounding.ToEven), 0, 255);
                                acc += (q - input.ZeroPoint) * (long)w[(ky * 3 + kx) * 3 + i];
                            }
                        }
                    }

                    float expected = (float)(acc * scale);
                    Assert.True(expected == actual.Data[(o * 3 + oy) * 3 + ox], $"{bits}-bit channel {o} at ({oy},{ox}): expected {expected}, got {actual.Data[(o * 3 + oy) * 3 + ox]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void MseClipping_PacksExactlyTheCodesAndScalesTheSensitivityMeasurementUsed(int bits)
    {
        var random = new Random(200 + bits);
        var conv = RandomGraphs.Conv(random, "conv", "x", "y", 3, 4, 3, 1, 1, 1, FusedActivation.None);
        var graph = new ModelGraph("w", "x", [-1, 3, 5, 5], [conv], ["y"]);
        var ranges = RandomGraphs.Calibrate(graph, RandomGraphs.Images(random, graph, 1));
        var options = new ManifestBuildOptions { Ranges = ranges, DefaultPrecision = new LayerPrecision(bits, 8), WeightClipping = ClippingMethod.Mse };

        var built = ManifestBuilder.Build(graph, options);
        var layer = built.Spec.Layers[0].Weights!;
        var measured = new WeightQuantizerCache(graph, ClippingMethod.Mse).Get(0, bits);

        int k = 27, rowBytes = (k * bits + 7) / 8;
        for (int o = 0; o < 4; o++)
        {
            Assert.Equal(measured.Quantization.Scales[o], layer.WeightScales[o]);
            int[] w = ReadRow(built.Blob.AsSpan((int)layer.Blob.Offset + o * rowBytes, rowBytes), k, bits);
            for (int i = 0; i < 3; i++)
            {
                for (int t = 0; t < 9; t++)
                {
                    // Model layout OIHW; blob layout [O, KH, KW, I].
                    Assert.Equal(measured.Quantization.Values[(o * 3 + i) * 9 + t], w[t * 3 + i]);
                }
            }
        }

        var maxAbs = ManifestBuilder.Build(graph, new ManifestBuildOptions { Ranges = ranges, DefaultPrecision = new LayerPrecision(bits, 8) }).Spec.Layers[0].Weights!;
        Assert.True(bits == 8 || !maxAbs.WeightScales.SequenceEqual(layer.WeightScales), $"at {bits} bits MSE clipping should shrink some channel's scale");
    }

    [Fact]
    public void Codebook_IndicesLookUpTheirLevels()
    {
        // The tiny manifest's conv with 2-bit codebook indices instead of 8-bit codes: 3 bytes per 9-value row.
        int[] levels = [-100, -3, 7, 90];
        int[][] indices = [[0, 1, 2, 3, 3, 2, 1, 0, 2], [3, 3, 3, 0, 0, 0, 1, 2, 1]];
        var blob = indices.SelectMany(row => PackRow(row, 2)).ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(blob));
        string text = TinyManifest.TextTemplate
            .Replace("\"weightBits\": 8", "\"weightBits\": 2, \"codebook\": [-100, -3, 7, 90]", StringComparison.Ordinal)
            .Replace("\"length\": 18", "\"length\": 6", StringComparison.Ordinal)
            .Replace("\"SHA\"", "\"" + sha + "\"", StringComparison.Ordinal);
        var result = ManifestParser.Parse(text);
        Assert.True(result.Success, string.Join("\n", result.Errors));

        var image = new float[16];
        image[5] = 3f; // one non-zero pixel: q = 10 + 6 = 16, centred 6, at (1, 1)
        var output = new float[2];
        ManifestExecutor.Create(result.Spec!, blob).Run(image, output);

        // Output pixel (oy, ox) sees input (1, 1) through tap (1 − oy, 1 − ox); the max pool keeps the largest.
        for (int c = 0; c < 2; c++)
        {
            int bias = c == 0 ? TinyManifest.Bias0 : TinyManifest.Bias1;
            double requant = c == 0 ? 0.5 : 0.25;
            int best = 0;
            foreach (var (oy, ox) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
            {
                int acc = bias + 6 * levels[indices[c][(1 - oy) * 3 + (1 - ox)]];
                best = Math.Max(best, Math.Clamp(5 + (int)Math.Round(acc * requant, MidpointRounding.AwayFromZero), 5, 255));
            }

            Assert.Equal(0.25f * (best - 5), output[c]);
        }
    }

    private static int[] ReadRow(ReadOnlySpan<byte> row, int count, int bits)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            int field = 0;
            for (int b = 0; b < bits; b++)
            {
                int bit = i * bits + b;
                field |= ((row[bit / 8] >> (bit % 8)) & 1) << b;
            }

            values[i] = bits == 1 ? 2 * field - 1 : field >= 1 << (bits - 1) ? field - (1 << bits) : field;
        }

        for (int bit = count * bits; bit < row.Length * 8; bit++)
        {
            Assert.True(((row[bit / 8] >> (bit % 8)) & 1) == 0, $"padding bit {bit} is set");
        }

        return values;
    }

    private static byte[] PackRow(int[] fields, int bits)
    {
        var row = new byte[(fields.Length * bits + 7) / 8];
        for (int i = 0; i < fields.Length; i++)
        {
            for (int b = 0; b < bits; b++)
            {
                int bit = i * bits + b;
                row[bit / 8] |= (byte)(((fields[i] >> b) & 1) << (bit % 8));
            }
        }

        return row;
    }
}
