using System;
using System.Linq;
using Specialized.Manifest;

namespace Specialized.Generators.Planning;

/// <summary>
/// The int8 product table of a layer for the product-table family: row i holds level[i]·x for every activation code
/// x, at index (i &lt;&lt; a) | x. Levels are the codebook, or the two's-complement values of the widest channel group
/// (narrower groups' codes are the same values; 1-bit alone: row 0 = −1, row 1 = +1, the packing's bit). Everything
/// here is decided at generation time and emitted as literals.
/// </summary>
internal sealed class ProductTable
{
    private ProductTable(int activationBits, int[] levels)
    {
        ActivationBits = activationBits;
        Levels = levels;
        int maxProduct = levels.Max(Math.Abs) * ((1 << activationBits) - 1);
        StageDepth = maxProduct == 0 ? 1 << 20 : 127 / maxProduct;
    }

    public int ActivationBits { get; }

    public int[] Levels { get; }

    /// <summary>Bits of an index: weight row bits + activation bits.</summary>
    public int IndexBits => ActivationBits + (int)Math.Round(Math.Log(Levels.Length, 2));

    /// <summary>Table entries: 2^IndexBits.</summary>
    public int Entries => 1 << IndexBits;

    /// <summary>Quads whose int8 products one lane may add before it could leave [−127, 127]: ⌊127 / max|product|⌋.</summary>
    public int StageDepth { get; }

    /// <summary>The index of K positions that do not exist (they must read 0): bit 7 for vpshufb, the zero upper half (64) for vpermi2b.</summary>
    public int PaddingIndex => IndexBits <= 4 ? -128 : 64;

    /// <summary>The table entry at <paramref name="index"/>: level[index >> a]·(index mod 2^a); 0 past the table.</summary>
    public int Product(int index) => index >= Entries ? 0 : Levels[index >> ActivationBits] * (index & ((1 << ActivationBits) - 1));

    public static ProductTable For(LayerWeightsSpec weights, int activationBits)
    {
        if (!weights.Codebook.IsEmpty)
        {
            return new ProductTable(activationBits, weights.Codebook.ToArray());
        }

        int bits = weights.ChannelGroups.Max(g => g.WeightBits);
        var levels = bits == 1 ? new[] { -1, 1 } : Enumerable.Range(0, 1 << bits).Select(i => i < 1 << (bits - 1) ? i : i - (1 << bits)).ToArray();
        return new ProductTable(activationBits, levels);
    }
}
