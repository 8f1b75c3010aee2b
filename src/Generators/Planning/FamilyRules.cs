using System;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Planning;

/// <summary>
/// Which <see cref="KernelFamily"/> may run a layer and which one the generator picks: the layer's recorded
/// <c>kernelFamily</c> (a measured choice, docs/manifest.md) when it names a family that can run the layer, else the
/// heuristic. The parser reports a bad recorded name (SP0024, SP0025) with the same two functions, so diagnostics and
/// choice cannot disagree. A new family is an enum member plus a line in <see cref="Ineligibility"/>.
/// </summary>
internal static class FamilyRules
{
    /// <summary>
    /// The heuristic, in one place. Conv/gemm: <see cref="KernelFamily.BitPlane"/> where it measured faster
    /// (<see cref="PrefersBitPlane"/>); else <see cref="KernelFamily.Int16Accumulation"/> when an int16 lane provably
    /// holds at least two vpmaddubsw pair sums (<see cref="GemmPlan.PairSumDepth"/> ≥ 2: a quad then costs one
    /// multiply instead of two), else <see cref="KernelFamily.Int8"/>. <see cref="KernelFamily.ProductTable"/> is never
    /// chosen here: it measured slower than int16 accumulation on every shape (docs/PERFORMANCE.md). Add:
    /// <see cref="KernelFamily.Elementwise"/>; max pool: <see cref="KernelFamily.Pooling"/>; the rest
    /// <see cref="KernelFamily.Reference"/>.
    /// </summary>
    public static KernelFamily Heuristic(LayerFacts layer) => layer.Op switch
    {
        LayerOp.Conv or LayerOp.Gemm when PrefersBitPlane(layer) => KernelFamily.BitPlane,
        LayerOp.Conv or LayerOp.Gemm => layer.PairSumDepth >= 2 ? KernelFamily.Int16Accumulation : KernelFamily.Int8,
        LayerOp.Add => KernelFamily.Elementwise,
        LayerOp.MaxPool => KernelFamily.Pooling,
        _ => KernelFamily.Reference,
    };

    /// <summary>
    /// Where the bit-plane family beat int16 accumulation on the ResNet-18 shapes (docs/PERFORMANCE.md, 1 thread): one
    /// lookup serving 2 planes × 6 codes (weights of ≤ 2 bits on activations of ≤ 5 bits) when a built table serves at
    /// least 8 lookups; binary weights on wider activations (int16 tables, 5 codes per lookup) from 12. Runs of at least
    /// 16 codes per conv group and tap: the 3-channel stem and depthwise convs fill too little of each table.
    /// </summary>
    private static bool PrefersBitPlane(LayerFacts layer) =>
        Ineligibility(KernelFamily.BitPlane, layer) is null && layer.InPerGroup >= 16
        && (layer.MaxWeightBits <= 2 && layer.ActivationBits <= BitPlaneGeometry.MaxByteTableBits ? layer.TableReuse >= 8
            : layer.Binary && layer.TableReuse >= 12);

    /// <summary>The family for <paramref name="layer"/>: its recorded one if valid for it, else <see cref="Heuristic"/>.</summary>
    public static KernelFamily Choose(LayerSpec layer, LayerFacts facts) =>
        layer.KernelFamily is { } name && TryParse(name, out var family) && Ineligibility(family, facts) is null
            ? family
            : Heuristic(facts);

    /// <summary>
    /// Why the product table cannot serve a conv/gemm layer: its index (weight row bits + activation bits) must fit 6
    /// bits (vpermi2b reads 64 entries plus a zero half for padding), and every product level·x must fit int8.
    /// </summary>
    private static string? ProductTableIneligibility(LayerFacts layer)
    {
        int rowBits = layer.MaxWeightBits;
        int maxProduct = layer.MaxAbsWeight * ((1 << layer.ActivationBits) - 1);
        return rowBits + layer.ActivationBits > 6 ? $"its table index would have {rowBits} + {layer.ActivationBits} bits, a lookup reads at most 6"
            : maxProduct > 127 ? $"products up to {maxProduct} in magnitude do not fit its int8 table"
            : null;
    }

    /// <summary>Family names are the enum member names, compared ordinally (they are also the kernel name suffix).</summary>
    public static bool TryParse(string name, out KernelFamily family)
    {
        foreach (KernelFamily candidate in Enum.GetValues(typeof(KernelFamily)))
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.Ordinal))
            {
                family = candidate;
                return true;
            }
        }

        family = default;
        return false;
    }

    /// <summary>Null when <paramref name="family"/> can run the layer; otherwise why not (for SP0025).</summary>
    public static string? Ineligibility(KernelFamily family, LayerFacts layer)
    {
        bool gemm = layer.IsGemm;
        var op = layer.Op;
        return family switch
        {
            KernelFamily.Int8 => gemm ? null : "it runs conv and gemm layers only",
            KernelFamily.Int16Accumulation => !gemm ? "it runs conv and gemm layers only"
                : layer.PairSumDepth < 2 ? $"an int16 lane holds {layer.PairSumDepth} pair sum(s) of these widths, it needs at least 2" : null,
            KernelFamily.ProductTable => !gemm ? "it runs conv and gemm layers only" : ProductTableIneligibility(layer),
            KernelFamily.BitPlane => !gemm ? "it runs conv and gemm layers only"
                : layer.Codebook ? "it splits two's-complement codes into bit planes, and codebook levels are not such codes"
                : layer.MaxWeightBits > 4 ? $"it looks up one bit plane per weight bit and runs 1–4-bit weights, not {layer.MaxWeightBits}-bit" : null,
            KernelFamily.Elementwise => op == LayerOp.Add ? null : "it runs add layers only",
            KernelFamily.Pooling => op == LayerOp.MaxPool ? null : "it runs maxpool layers only",
            _ => op is LayerOp.AvgPool or LayerOp.GlobalAvgPool or LayerOp.Clamp or LayerOp.Flatten or LayerOp.Concat ? null : "it runs avgpool, globalavgpool, clamp, flatten and concat layers only",
        };
    }
}
