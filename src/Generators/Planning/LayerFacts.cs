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
/// <param name="InPerGroup">Input codes per conv group and tap (the features of a gemm); 0 without weights.</param>
/// <param name="TableReuse">
/// Bit-plane lookups of 32 channels per table built: taps reading a grid pixel on average (output pixels × taps / grid
/// pixels, the grid of <see cref="BitPlaneGeometry"/>) × output channels per group / 32. It prices the bit-plane
/// family's table building against its kernel; 0 without weights.
/// </param>
internal readonly record struct LayerFacts(LayerOp Op, int ActivationBits, int MaxWeightBits, bool Binary, bool Codebook, int MaxAbsWeight, int PairSumDepth, int InPerGroup, double TableReuse)
{
    /// <summary>True for the conv and gemm layers (the ones with weights).</summary>
    public bool IsGemm => Op is LayerOp.Conv or LayerOp.Gemm;

    /// <summary>The facts of <paramref name="layer"/> reading an input of <paramref name="inputBits"/>-bit codes, <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static LayerFacts Of(LayerSpec layer, int inputBits, int channels, int height, int width)
    {
        if (layer.Weights is not { } weights)
        {
            return new LayerFacts(layer.Op, inputBits, 0, false, false, 0, 0, 0, 0);
        }

        int widest = 0;
        bool binary = weights.Codebook.IsEmpty;
        foreach (var group in weights.ChannelGroups)
        {
            widest = Math.Max(widest, group.WeightBits);
            binary &= group.WeightBits == 1;
        }

        int maxAbs = GemmGeometry.MaxAbsWeight(weights);
        int outputs = weights.WeightScales.Count;
        int inPerGroup = channels * height * width;
        double reuse = outputs / 32.0;
        if (layer.Window is { } w)
        {
            inPerGroup = channels / Math.Max(1, w.Groups);
            int outH = (height + w.PadTop + w.PadBottom - w.DilationH * (w.KernelH - 1) - 1) / w.StrideH + 1;
            int outW = (width + w.PadLeft + w.PadRight - w.DilationW * (w.KernelW - 1) - 1) / w.StrideW + 1;
            double gridH = w.KernelH == 1 ? outH : height + w.PadTop + w.PadBottom;
            double gridW = w.KernelW == 1 ? outW : width + w.PadLeft + w.PadRight;
            reuse = (double)outH * outW * w.KernelH * w.KernelW / (gridH * gridW) * (outputs / Math.Max(1, w.Groups)) / 32.0;
        }

        return new LayerFacts(layer.Op, inputBits, widest, binary, !weights.Codebook.IsEmpty, maxAbs, GemmGeometry.PairSumDepth(inputBits, maxAbs), inPerGroup, reuse);
    }
}
