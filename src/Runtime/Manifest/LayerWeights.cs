using Specialized.Manifest;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Manifest;

/// <summary>
/// One weighted layer's parameters unpacked for the reference kernels: signed codes [O, K] (codebook levels already
/// looked up), int32 bias, and one <see cref="FixedPointMultiplier"/> per output channel.
/// </summary>
public sealed class LayerWeights
{
    private LayerWeights(sbyte[] codes, int[] bias, FixedPointMultiplier[] multipliers, float[] scales)
    {
        Codes = codes;
        Bias = bias;
        Multipliers = multipliers;
        Scales = scales;
    }

    /// <summary>[OutChannels, K], K in IntegerReference order (conv: ky, kx, input channel).</summary>
    public sbyte[] Codes { get; }

    public int[] Bias { get; }

    public FixedPointMultiplier[] Multipliers { get; }

    /// <summary>Per-channel weight scales s_w[c] (for accumulator outputs).</summary>
    public float[] Scales { get; }

    /// <summary>
    /// Unpacks <paramref name="spec"/> from <paramref name="blob"/>: each channel group's channels are rows of
    /// ⌈K·bits/8⌉ bytes starting on a byte boundary, LSB-first (<see cref="BitPacking"/>). With a codebook the
    /// fields are unsigned indices into it; otherwise signed codes (binary ±1 at one bit).
    /// </summary>
    public static LayerWeights Unpack(LayerWeightsSpec spec, int k, ReadOnlySpan<byte> blob)
    {
        int outChannels = spec.WeightScales.Count;
        var codes = new sbyte[checked(outChannels * k)];
        var indices = new byte[k];
        foreach (var group in spec.ChannelGroups)
        {
            int rowBytes = BitPacking.PackedLength(k, group.WeightBits);
            for (int c = 0; c < group.Count; c++)
            {
                var packed = blob.Slice(checked((int)group.Offset + c * rowBytes), rowBytes);
                var row = codes.AsSpan((group.First + c) * k, k);
                if (spec.Codebook.IsEmpty)
                {
                    BitPacking.UnpackSigned(packed, group.WeightBits, row);
                    continue;
                }

                BitPacking.UnpackUnsigned(packed, group.WeightBits, indices);
                for (int i = 0; i < k; i++)
                {
                    row[i] = (sbyte)spec.Codebook[indices[i]];
                }
            }
        }

        var multipliers = new FixedPointMultiplier[outChannels];
        for (int c = 0; c < outChannels; c++)
        {
            multipliers[c] = new FixedPointMultiplier(spec.Multipliers[c], spec.Shifts[c]);
        }

        return new LayerWeights(codes, spec.Bias.ToArray(), multipliers, spec.WeightScales.ToArray());
    }
}
