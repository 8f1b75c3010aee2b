using System.Text;
using Specialized.Manifest;

namespace Specialized.Samples.ResNet18;

/// <summary>What the embedded manifest says about the specialized model: how many conv/gemm weights, their widths and packed size.</summary>
internal sealed record ModelFacts(long WeightCount, double AverageWeightBits, long WeightBytes, IReadOnlyDictionary<int, int> LayersPerWidth)
{
    private static readonly Lazy<ModelFacts> EmbeddedFacts = new(() =>
    {
        using var reader = new StreamReader(FashionMnist.OpenResource("fmnist_resnet18.manifest.json"), Encoding.UTF8);
        var parsed = ManifestParser.Parse(reader.ReadToEnd());
        return FromManifest(parsed.Spec ?? throw new InvalidOperationException("the embedded manifest does not parse: " + string.Join("; ", parsed.Errors)));
    });

    /// <summary>The facts of the manifest this assembly was compiled from.</summary>
    public static ModelFacts Embedded => EmbeddedFacts.Value;

    /// <summary>"3.98 average weight bits: 2-bit ×4, 4-bit ×10, 8-bit ×7 layers" (a layer with channel groups counts once per width).</summary>
    public string Summary =>
        $"{AverageWeightBits:F2} average weight bits: " + string.Join(", ", LayersPerWidth.OrderBy(p => p.Key).Select(p => $"{p.Key}-bit ×{p.Value}")) + " layers";

    /// <summary>Parameter-weighted average weight width over every conv/gemm channel group, and the weights file's size.</summary>
    public static ModelFacts FromManifest(ManifestSpec spec)
    {
        double weights = 0, bits = 0;
        var layers = new SortedDictionary<int, int>();
        foreach (var layer in spec.Layers)
        {
            if (layer.Weights is not { } w)
            {
                continue;
            }

            var input = spec.FindTensor(layer.Inputs[0]) ?? throw new InvalidOperationException($"layer {layer.Name} reads an unknown tensor");
            int perChannel = layer.Window is { } window ? window.KernelH * window.KernelW * input.Channels / window.Groups : input.ElementCount;
            foreach (var width in w.ChannelGroups.Select(g => g.WeightBits).Distinct())
            {
                layers[width] = layers.GetValueOrDefault(width) + 1;
            }

            foreach (var group in w.ChannelGroups)
            {
                weights += (double)group.Count * perChannel;
                bits += (double)group.Count * perChannel * group.WeightBits;
            }
        }

        return new ModelFacts((long)weights, weights == 0 ? 0 : bits / weights, spec.Weights.Length, layers);
    }
}
