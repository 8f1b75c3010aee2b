using Specialized.Allocator.Calibration;
using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Manifest;

public static partial class ManifestBuilder
{
    private sealed partial class BuildState
    {
        /// <summary>A conv or gemm: weights reordered to the integer layout, quantized and packed per channel group.</summary>
        private LayerSpec Weighted(Node node, LayerOp op, WindowSpec? window, FusedActivation activation)
        {
            var precision = Precision(node);
            var (weights, modelWeights, bias, outChannels) = node switch
            {
                ConvNode conv => (ToIntegerConvLayout(conv), conv.Weight, conv.Bias, conv.Geometry.OutChannels),
                GemmNode gemm => (GemmColumns(gemm), gemm.Weight, gemm.Bias, gemm.OutFeatures),
                _ => throw new InvalidOperationException(node.OpType),
            };
            int k = weights.Length / outChannels;
            var groups = precision.ChannelGroups ?? [new ChannelGroupChoice(0, outChannels, precision.WeightBits)];
            CheckGroups(node, groups, outChannels);

            float inputScale = Quantization(node.Inputs[0]).Scale;
            float outputScale = Quantization(node.Output).Scale;
            var scales = new float[outChannels];
            long start = _blob.Position;
            var groupSpecs = new List<ChannelGroupSpec>();
            foreach (var group in groups)
            {
                // Per-channel quantization: quantizing a group alone gives its channels the same codes and scales
                // as quantizing the whole layer at that width.
                var q = QuantizeGroup(weights.AsSpan(group.First * k, group.Count * k), modelWeights.AsSpan(group.First * k, group.Count * k), group);
                q.Scales.CopyTo(scales, group.First);
                long offset = _blob.Position;
                for (int c = 0; c < group.Count; c++)
                {
                    // One packed row per channel: every channel starts on a byte boundary.
                    _blob.Write(BitPacking.PackSigned(q.Values.AsSpan(c * k, k), group.WeightBits));
                }

                groupSpecs.Add(new ChannelGroupSpec(group.First, group.Count, group.WeightBits, offset, _blob.Position - offset));
            }

            var multipliers = new int[outChannels];
            var shifts = new int[outChannels];
            for (int c = 0; c < outChannels; c++)
            {
                double scale = (double)inputScale * scales[c] / outputScale;
                try
                {
                    var m = FixedPointMultiplier.FromScale(scale);
                    (multipliers[c], shifts[c]) = (m.Multiplier, m.Shift);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): channel {c} requantization scale {scale:G6} is outside [2^-32, 2^16] (a near-empty channel or a degenerate range)", e);
                }
            }

            var parameters = new LayerWeightsSpec(
                precision.WeightBits,
                scales.ToEquatableArray(),
                BiasQuantization.Quantize(bias, inputScale, scales).ToEquatableArray(),
                multipliers.ToEquatableArray(),
                shifts.ToEquatableArray(),
                new BlobRange(start, _blob.Position - start),
                groupSpecs.ToEquatableArray(),
                EquatableArray<int>.Empty,
                precision.ChannelGroups is not null);
            return new LayerSpec(node.Name, op, node.Inputs.ToEquatableArray(), node.Output, window, Clamp(node, activation), parameters, null);
        }

        /// <summary>
        /// One channel group's weights (in the integer layout) quantized at its width. An MSE clip is chosen on the
        /// model's own layout: each channel's values are the same set in either order, and choosing on the model's
        /// order is exactly what <see cref="WeightQuantizerCache"/> does, so the manifest gets the measured weights.
        /// </summary>
        private WeightQuantization QuantizeGroup(ReadOnlySpan<float> weights, ReadOnlySpan<float> modelWeights, ChannelGroupChoice group) =>
            options.WeightClipping == ClippingMethod.MinMax
                ? WeightQuantization.Quantize(weights, group.Count, group.WeightBits)
                : WeightQuantization.Quantize(weights, group.Count, group.WeightBits, WeightClipping.Choose(modelWeights, group.Count, group.WeightBits, options.WeightClipping));

        /// <summary>OIHW → [O, KH, KW, I/groups]: K in NHWC im2col order, as IntegerReference reads it.</summary>
        private static float[] ToIntegerConvLayout(ConvNode conv)
        {
            var g = conv.Geometry;
            int ig = g.InChannelsPerGroup;
            var result = new float[conv.Weight.Length];
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int i = 0; i < ig; i++)
                {
                    for (int ky = 0; ky < g.KernelH; ky++)
                    {
                        for (int kx = 0; kx < g.KernelW; kx++)
                        {
                            result[((o * g.KernelH + ky) * g.KernelW + kx) * ig + i] = conv.Weight[((o * ig + i) * g.KernelH + ky) * g.KernelW + kx];
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>
        /// The gemm's weights with columns in the order its input codes are stored. After a flatten of [C, H, W] the
        /// codes are NHWC, so column (h·W + w)·C + c takes the model's NCHW column c·H·W + h·W + w.
        /// </summary>
        private float[] GemmColumns(GemmNode gemm)
        {
            if (!_nhwcFlattened.TryGetValue(gemm.Inputs[0], out var dims))
            {
                return gemm.Weight;
            }

            var (channels, height, width) = dims;
            int area = height * width;
            var result = new float[gemm.Weight.Length];
            for (int o = 0; o < gemm.OutFeatures; o++)
            {
                int row = o * gemm.InFeatures;
                for (int c = 0; c < channels; c++)
                {
                    for (int p = 0; p < area; p++)
                    {
                        result[row + p * channels + c] = gemm.Weight[row + c * area + p];
                    }
                }
            }

            return result;
        }

        private static void CheckGroups(Node node, IReadOnlyList<ChannelGroupChoice> groups, int outChannels)
        {
            int next = 0;
            foreach (var group in groups)
            {
                if (group.First != next || group.Count < 1 || group.WeightBits is < 1 or > 8)
                {
                    throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): channel group {group} must start at channel {next}, be non-empty and have 1..8-bit weights");
                }

                next += group.Count;
            }

            if (next != outChannels)
            {
                throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): channel groups cover {next} of {outChannels} output channels");
            }
        }
    }
}
