using System;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Planning;

/// <summary>Derives a bit-plane layer's <see cref="BitPlaneTables"/>.</summary>
internal static class BitPlaneGeometry
{
    /// <summary>The widest activation whose 6-code sums fit a byte: 6·(2^5 − 1) = 186 ≤ 255.</summary>
    public const int MaxByteTableBits = 5;

    public static BitPlaneTables Plan(LayerSpec layer, TensorPlan input, TensorPlan output, LayerFacts facts)
    {
        bool words = facts.ActivationBits > MaxByteTableBits;
        bool signed = words && facts.Binary;
        int planes = signed ? 1 : words ? facts.MaxWeightBits : Math.Max(2, facts.MaxWeightBits);
        int groupSize = words ? 5 : 6;
        if (layer.Window is not { } w)
        {
            // gemm: one pixel whose channels are the features.
            return new BitPlaneTables(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, groupSize, Tables(input.Length, groupSize), planes, words, signed);
        }

        int inPerGroup = input.Channels / w.Groups;
        // Along a dimension of kernel extent 1 only the strided positions are read: the grid is the output's.
        bool subY = w.KernelH == 1;
        bool subX = w.KernelW == 1;
        return new BitPlaneTables(
            w.KernelH, w.KernelW,
            subY ? output.Height : input.Height + w.PadTop + w.PadBottom,
            subX ? output.Width : input.Width + w.PadLeft + w.PadRight,
            subY ? w.StrideH : 1, subX ? w.StrideW : 1,
            subY ? 1 : w.StrideH, subX ? 1 : w.StrideW,
            w.DilationH, w.DilationW,
            w.PadTop, w.PadLeft,
            groupSize, Tables(inPerGroup, groupSize), planes, words, signed);
    }

    private static int Tables(int codes, int groupSize) => (codes + groupSize - 1) / groupSize;
}
