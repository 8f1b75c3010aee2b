namespace Specialized.Allocator.Solver;

/// <summary>
/// Numbers the binary variables of an allocation problem: layer <c>l</c> has options <c>0 … OptionCount(l) − 1</c>,
/// and option <c>s</c> of layer <c>l</c> is variable <c>Index(l, s) = Offset(l) + s</c>, layers in order.
/// Matrices and cost vectors of the allocator are all indexed this way.
/// </summary>
public sealed class OptionLayout
{
    private readonly int[] offsets;

    /// <param name="optionsPerLayer">Number of options of each layer; at least one layer, each with at least one option.</param>
    /// <exception cref="ArgumentException">No layers, or a layer with fewer than one option.</exception>
    public OptionLayout(IReadOnlyList<int> optionsPerLayer)
    {
        ArgumentNullException.ThrowIfNull(optionsPerLayer);
        if (optionsPerLayer.Count == 0)
        {
            throw new ArgumentException("an allocation problem needs at least one layer", nameof(optionsPerLayer));
        }

        offsets = new int[optionsPerLayer.Count + 1];
        for (int l = 0; l < optionsPerLayer.Count; l++)
        {
            if (optionsPerLayer[l] < 1)
            {
                throw new ArgumentException($"layer {l} has {optionsPerLayer[l]} options; every layer needs at least one", nameof(optionsPerLayer));
            }

            offsets[l + 1] = checked(offsets[l] + optionsPerLayer[l]);
        }
    }

    /// <summary>Number of layers L.</summary>
    public int LayerCount => offsets.Length - 1;

    /// <summary>Total number of variables N = Σ_l OptionCount(l).</summary>
    public int VariableCount => offsets[^1];

    /// <summary>Number of options of <paramref name="layer"/>.</summary>
    public int OptionCount(int layer) => offsets[CheckLayer(layer) + 1] - offsets[layer];

    /// <summary>Index of the first variable of <paramref name="layer"/>.</summary>
    public int Offset(int layer) => offsets[CheckLayer(layer)];

    /// <summary>Variable index of option <paramref name="option"/> of <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Layer or option out of range.</exception>
    public int Index(int layer, int option)
    {
        int count = OptionCount(layer);
        if ((uint)option >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(option), option, $"layer {layer} has options 0..{count - 1}");
        }

        return offsets[layer] + option;
    }

    /// <summary>The layer and option of variable <paramref name="index"/>.</summary>
    public (int Layer, int Option) Locate(int index)
    {
        if ((uint)index >= (uint)VariableCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"variables are 0..{VariableCount - 1}");
        }

        int layer = Array.BinarySearch(offsets, index);
        layer = layer >= 0 ? layer : ~layer - 1; // offsets strictly increase, so an exact hit is the layer's first option
        return (layer, index - offsets[layer]);
    }

    /// <summary>Option counts per layer, in order.</summary>
    public int[] OptionCounts()
    {
        var counts = new int[LayerCount];
        for (int l = 0; l < counts.Length; l++)
        {
            counts[l] = offsets[l + 1] - offsets[l];
        }

        return counts;
    }

    private int CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)LayerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layers are 0..{LayerCount - 1}");
        }

        return layer;
    }
}
