using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Specialized.Generators.Model;
using Specialized.Generators.Planning;
using Specialized.Manifest;

namespace Specialized.Generators;

public sealed partial class SpecializedGenerator
{
    /// <summary>Spec → <see cref="ModelPlan"/>: kernel family and tile per layer, arena offsets from tensor liveness.</summary>
    internal static class Planner
    {
        /// <summary>Operand rows are padded to this many int16 values: one Vector512 (and two Vector256) loads.</summary>
        public const int RowPadding = 32;

        /// <summary>Output channels per register tile (they share every activation load); the tile's pixel count is 2 for convs whose rows have two pixels, else 1.</summary>
        public const int TileChannels = 4;

        public static ModelPlan Plan(ManifestSpec spec, string ns, string className, string weightsResourceFile, string manifestPath)
        {
            var tensors = spec.Tensors.ToDictionary(t => t.Id, StringComparer.Ordinal);
            int end = spec.Layers.Count;
            var lastUse = new Dictionary<string, int>(StringComparer.Ordinal) { [spec.Input.Tensor] = -1 };
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                lastUse[spec.Layers[i].Output] = i;
                foreach (string id in spec.Layers[i].Inputs)
                {
                    lastUse[id] = i;
                }
            }

            var accumulatorTensors = new HashSet<string>(StringComparer.Ordinal);
            foreach (var output in spec.Outputs)
            {
                // Outputs are read after the last layer.
                lastUse[output.Tensor] = end;
                if (output.Source == OutputSource.Accumulators)
                {
                    accumulatorTensors.Add(output.Tensor);
                }
            }

            var arena = new ArenaPlanner();
            var plans = new Dictionary<string, TensorPlan>(StringComparer.Ordinal);
            int accumulatorInts = 0;
            TensorPlan Place(string id, int first)
            {
                var t = tensors[id];
                int length = t.ElementCount;
                int offset = arena.Place(length, first, lastUse[id]);
                int accOffset = -1;
                if (accumulatorTensors.Contains(id))
                {
                    accOffset = accumulatorInts;
                    accumulatorInts += length;
                }

                var plan = new TensorPlan(t.Id, t.Channels, t.Height, t.Width, t.Shape.Count, t.Bits, t.Scale, t.ZeroPoint, offset, length, accOffset);
                plans[id] = plan;
                return plan;
            }

            var input = Place(spec.Input.Tensor, -1);
            var layers = new List<LayerPlan>();
            var dotSizes = new SortedSet<int>();
            int rowLength = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                var inputs = layer.Inputs.Select(id => plans[id]).ToEquatableArray();
                var output = Place(layer.Output, i);
                var (family, k, kp) = Choose(layer, inputs[0]);
                // Convs take two neighbouring output pixels per tile when a row has two; gemm has one "pixel".
                int tileRows = layer.Op == LayerOp.Conv && output.Width >= 2 ? 2 : 1;
                if (family == KernelFamily.SimdInt16)
                {
                    dotSizes.Add(kp);
                    rowLength = Math.Max(rowLength, kp * tileRows);
                }

                layers.Add(new LayerPlan(System.IO.Path.GetFileName(manifestPath), ns, className, i, layer, inputs, output, family, KernelName.For(layer, inputs[0], family, tileRows, TileChannels).ToString(), k, kp, tileRows, TileChannels));
            }

            if (arena.Size > int.MaxValue)
            {
                throw new ModelTooLargeException(arena.Size);
            }

            var outputs = new List<OutputPlan>();
            int outputOffset = 0;
            foreach (var o in spec.Outputs)
            {
                var tensor = plans[o.Tensor];
                float inputScale = 0;
                var weightScales = EquatableArray<float>.Empty;
                if (o.Source == OutputSource.Accumulators)
                {
                    var producer = spec.Layers.First(l => l.Output == o.Tensor);
                    inputScale = tensors[producer.Inputs[0]].Scale;
                    weightScales = producer.Weights!.WeightScales;
                }

                outputs.Add(new OutputPlan(tensor, o.Source, outputOffset, inputScale, weightScales));
                outputOffset += tensor.Length;
            }

            return new ModelPlan(
                System.IO.Path.GetFileName(manifestPath), ns, className, spec.Name, ResourceName(weightsResourceFile), spec.Weights.Length, spec.Weights.Sha256,
                input, input.Length, outputOffset, (int)Math.Max(arena.Size, 1), accumulatorInts, rowLength,
                dotSizes.ToEquatableArray(), layers.ToEquatableArray(), outputs.ToEquatableArray());
        }

        /// <summary>The logical name under which Specialized.Generators.targets embeds a weights file.</summary>
        public static string ResourceName(string weightsFile) => "Specialized.Weights." + weightsFile;

        private static (KernelFamily Family, int K, int KPadded) Choose(LayerSpec layer, TensorPlan input)
        {
            switch (layer.Op)
            {
                case LayerOp.Conv:
                case LayerOp.Gemm:
                    int k = layer.Window is { } w ? w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.Length;
                    return (KernelFamily.SimdInt16, k, (k + RowPadding - 1) / RowPadding * RowPadding);
                case LayerOp.Add:
                    return (KernelFamily.Elementwise, 0, 0);
                default:
                    return (KernelFamily.Reference, 0, 0);
            }
        }
    }
}
