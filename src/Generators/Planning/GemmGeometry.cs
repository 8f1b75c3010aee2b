using System;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Planning;

/// <summary>Derives a conv/gemm layer's <see cref="GemmPlan"/> and the overflow facts the planner's family rule needs.</summary>
internal static class GemmGeometry
{
    /// <summary>Bytes past the last element a kernel may read (a quad's padding of the last segment): kept free after every source.</summary>
    public const int OverRead = 64;

    /// <summary>True when the layer reads padding, so its kernel reads a zero-point-bordered copy of the input.</summary>
    public static bool NeedsHalo(LayerSpec layer) =>
        layer.Window is { } w && (w.PadTop | w.PadLeft | w.PadBottom | w.PadRight) != 0;

    /// <summary>Bytes of the bordered copy: padded image plus the over-read slack.</summary>
    public static int HaloLength(LayerSpec layer, TensorPlan input)
    {
        var w = layer.Window!;
        return checked((input.Height + w.PadTop + w.PadBottom) * (input.Width + w.PadLeft + w.PadRight) * input.Channels + OverRead);
    }

    public static GemmPlan Plan(LayerSpec layer, TensorPlan input, int sourceOffset)
    {
        int depth = PairSumDepth(input.Bits, MaxAbsWeight(layer.Weights!));
        if (layer.Window is not { } w)
        {
            // gemm: one pixel, one segment of every feature.
            return new GemmPlan(1, input.Length, layer.Weights!.WeightScales.Count, input.Length, 1, 1, 0, 0, false, sourceOffset, 1, 1, input.Length, 1, 1, depth);
        }

        bool halo = NeedsHalo(layer);
        int height = halo ? input.Height + w.PadTop + w.PadBottom : input.Height;
        int width = halo ? input.Width + w.PadLeft + w.PadRight : input.Width;
        int c = input.Channels;
        int inPerGroup = c / w.Groups;
        int outPerGroup = layer.Weights!.WeightScales.Count / w.Groups;
        // One receptive-field row is contiguous in NHWC when the taps of a row are neighbours and no other group's
        // channels sit between them; otherwise every tap is its own segment.
        bool rows = w.Groups == 1 && w.DilationW == 1;
        return new GemmPlan(
            w.Groups, inPerGroup, outPerGroup,
            rows ? w.KernelW * inPerGroup : inPerGroup, w.KernelH, rows ? 1 : w.KernelW,
            w.DilationH * width * c, rows ? 0 : w.DilationW * c,
            halo, sourceOffset, height, width, c, w.StrideH, w.StrideW, depth);
    }

    /// <summary>
    /// How many vpmaddubsw pair sums x₀·w₀ + x₁·w₁ of raw activation codes (x ∈ [0, 2^a − 1]) and weight codes
    /// (|w| ≤ <paramref name="maxAbsWeight"/>) one int16 lane can add without leaving [−32767, 32767]:
    /// ⌊32767 / (2·(2^a − 1)·max|w|)⌋. 0 means a single pair sum can saturate (8-bit weights on 8-bit activations),
    /// so vpmaddubsw is not exact at all. Capped at 2^20 (a bound no reduction reaches).
    /// </summary>
    public static int PairSumDepth(int activationBits, int maxAbsWeight)
    {
        long pair = 2L * ((1 << activationBits) - 1) * maxAbsWeight;
        return pair == 0 ? 1 << 20 : (int)Math.Min(32767 / pair, 1 << 20);
    }

    /// <summary>
    /// The largest |weight code| the layer's packing can hold: 2^(b−1) for b-bit two's complement (the packer accepts
    /// −2^(b−1) even though the quantizer never writes it; the generator cannot see the blob, so it assumes the worst),
    /// 1 for binary weights, the largest |level| of a codebook.
    /// </summary>
    public static int MaxAbsWeight(LayerWeightsSpec weights)
    {
        int max = 0;
        if (!weights.Codebook.IsEmpty)
        {
            foreach (int level in weights.Codebook)
            {
                max = Math.Max(max, Math.Abs(level));
            }

            return max;
        }

        foreach (var group in weights.ChannelGroups)
        {
            max = Math.Max(max, group.WeightBits == 1 ? 1 : 1 << (group.WeightBits - 1));
        }

        return max;
    }
}
