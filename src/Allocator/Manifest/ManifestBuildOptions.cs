using Specialized.Allocator.Calibration;
using Specialized.Runtime.Data;

namespace Specialized.Allocator.Manifest;

/// <summary>A layer's precision choice: weight and output-activation widths (1..8), and optional channel groups.</summary>
/// <param name="WeightBits">Width of every output channel's weights when <paramref name="ChannelGroups"/> is null.</param>
/// <param name="ActivationBits">Width of the layer's output tensor.</param>
/// <param name="ChannelGroups">Channel-wise precision: runs of output channels with their own weight widths, covering all channels in order.</param>
public sealed record LayerPrecision(int WeightBits, int ActivationBits, IReadOnlyList<ChannelGroupChoice>? ChannelGroups = null)
{
    public static LayerPrecision W8A8 { get; } = new(8, 8);
}

/// <summary>Output channels [First, First + Count) with weights at <paramref name="WeightBits"/>.</summary>
public sealed record ChannelGroupChoice(int First, int Count, int WeightBits);

/// <summary>Everything <see cref="ManifestBuilder"/> needs besides the float graph.</summary>
public sealed class ManifestBuildOptions
{
    /// <summary>Model name written to the manifest (default: the graph's name).</summary>
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Weights file name written to the manifest (default: "{name}.weights.bin").</summary>
    public string? WeightsFileName { get; init; }

    /// <summary>Per-tensor ranges, by graph tensor name: the input and every node output. Give this or <see cref="RangesByWidth"/>.</summary>
    public IReadOnlyDictionary<string, ActivationRange>? Ranges { get; init; }

    /// <summary>
    /// Per-tensor ranges at each activation width (MSE clipping depends on the width); each tensor's range is taken at
    /// the width it is quantized to. Takes precedence over <see cref="Ranges"/>.
    /// </summary>
    public ActivationRangesByWidth? RangesByWidth { get; init; }

    /// <summary>
    /// Per-channel weight clipping: max|w| (MinMax, the default) or the MSE-optimal clip at each channel group's width —
    /// the same choice <see cref="WeightQuantizerCache"/> makes, so a manifest holds exactly the weights that were measured.
    /// </summary>
    public ClippingMethod WeightClipping { get; init; } = ClippingMethod.MinMax;

    /// <summary>Choices by node name; layers not listed use <see cref="DefaultPrecision"/>.</summary>
    public IReadOnlyDictionary<string, LayerPrecision> Layers { get; init; } = new Dictionary<string, LayerPrecision>();

    public LayerPrecision DefaultPrecision { get; init; } = LayerPrecision.W8A8;

    /// <summary>Width of the input tensor's codes.</summary>
    public int InputBits { get; init; } = 8;

    /// <summary>The per-channel normalization the model expects (recorded in the manifest; inputs given to executors are already normalized).</summary>
    public ImageNormalization Normalization { get; init; } = ImageNormalization.UnitRange;
}
