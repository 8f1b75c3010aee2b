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
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                var inputs = layer.Inputs.Select(id => plans[id]).ToEquatableArray();
                var output = Place(layer.Output, i);
                GemmPlan? gemm = null;
                if (layer.Weights is not null)
                {
                    // A padded conv reads a bordered copy of its input that lives only during its own step.
                    int source = GemmGeometry.NeedsHalo(layer) ? (int)arena.Place(GemmGeometry.HaloLength(layer, inputs[0]), i, i) : inputs[0].Offset;
                    gemm = GemmGeometry.Plan(layer, inputs[0], source);
                }

                var facts = LayerFacts.Of(layer, inputs[0].Bits, inputs[0].Channels, inputs[0].Height, inputs[0].Width);
                var family = FamilyRules.Choose(layer, facts);
                BitPlaneTables? tables = null;
                if (family == KernelFamily.BitPlane)
                {
                    // 64-channel slabs: a tile looks up two index vectors per table load. The tables live in per-worker buffers, not the arena.
                    gemm = gemm! with { SlabChannels = 64, ReadsTables = true };
                    tables = BitPlaneGeometry.Plan(layer, inputs[0], output, facts);
                }

                var primary = PrimaryPath(family, gemm, tables, layer, inputs[0].Bits);
                // The name's tile is the first path's, as this layer uses it (a row narrower than the tile takes fewer pixels).
                int tileRows = Math.Min(primary?.TilePixels ?? 0, output.Width);
                string kernel = KernelName.For(layer, inputs[0], family, tileRows, (primary?.TileVectors ?? 0) * (primary?.Lanes ?? 0)).ToString();
                layers.Add(new LayerPlan(System.IO.Path.GetFileName(manifestPath), ns, className, i, layer, inputs, output, family, kernel, gemm, tables));
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
                input, input.Length, outputOffset, (int)(arena.Size + GemmGeometry.OverRead), accumulatorInts,
                layers.ToEquatableArray(), outputs.ToEquatableArray());
        }

        /// <summary>The logical name under which Specialized.Generators.targets embeds a weights file.</summary>
        public static string ResourceName(string weightsFile) => "Specialized.Weights." + weightsFile;

        /// <summary>The path a conv/gemm family tries first: its tile names the kernel.</summary>
        private static Emitting.Gemm.GemmPath? PrimaryPath(KernelFamily family, GemmPlan? gemm, BitPlaneTables? tables, LayerSpec layer, int inputBits) => family switch
        {
            KernelFamily.BitPlane => Emitting.BitPlaneEmitter.Paths(gemm!, tables!, inputBits)[0],
            KernelFamily.Int8 => Emitting.Int8Emitter.Paths(gemm!)[0],
            KernelFamily.Int16Accumulation => Emitting.Int16AccumulationEmitter.Paths(gemm!)[0],
            KernelFamily.ProductTable => Emitting.ProductTableEmitter.Paths(gemm!, ProductTable.For(layer.Weights!, inputBits))[0],
            _ => null,
        };
    }
}
