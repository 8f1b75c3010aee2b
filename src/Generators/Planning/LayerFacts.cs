using System;
using Specialized.Manifest;

namespace Specialized.Generators.Planning;

/// <summary>
/// What the family rules read about a layer, computed once from the spec (the parser's diagnostics and the planner's
/// choice use the same facts, so they cannot disagree).
/// </summary>
/// <param name="Op">The layer's op.</param>
/// <param name="ActivationBits">Width of the input codes.</param>
/// <param name="MaxWeightBits">The widest channel group's width (0 for layers without weights).</param>
/// <param name="Binary">Every channel group is 1-bit ({−1, +1}) and there is no codebook.</param>
/// <param name="Codebook">The weight codes index a codebook (non-uniform levels).</param>
/// <param name="MaxAbsWeight">The largest |weight level| the packing can hold (<see cref="GemmGeometry.MaxAbsWeight"/>).</param>
/// <param name="PairSumDepth">vpmaddubsw pair sums one int16 lane holds (<see cref="GemmGeometry.PairSumDepth"/>); 0 without weights.</param>
internal readonly record struct LayerFacts(LayerOp Op, int ActivationBits, int MaxWeightBits, bool Binary, bool Codebook, int MaxAbsWeight, int PairSumDepth)
{
    /// <summary>True for the conv and gemm layers (the ones with weights).</summary>
    public bool IsGemm => Op is LayerOp.Conv or LayerOp.Gemm;

    public static LayerFacts Of(LayerSpec layer, int inputBits)
    {
        if (layer.Weights is not { } weights)
        {
            return new LayerFacts(layer.Op, inputBits, 0, false, false, 0, 0);
        }

        int widest = 0;
        bool binary = weights.Codebook.IsEmpty;
        foreach (var group in weights.ChannelGroups)
        {
            widest = Math.Max(widest, group.WeightBits);
            binary &= group.WeightBits == 1;
        }

        int maxAbs = GemmGeometry.MaxAbsWeight(weights);
        return new LayerFacts(layer.Op, inputBits, widest, binary, !weights.Codebook.IsEmpty, maxAbs, GemmGeometry.PairSumDepth(inputBits, maxAbs));
    }
}
