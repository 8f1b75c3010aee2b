using Specialized.Allocator.Calibration;
using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Manifest;

public static partial class ManifestBuilder
{
    private sealed partial class BuildState
    {
        /// <summary>One quantization per shared set (see <see cref="SharedQuantization"/>), from the union of its members' ranges.</summary>
        private void ComputeSetQuantization()
        {
            if (options.Ranges is null && options.RangesByWidth is null)
            {
                throw new ArgumentException("ManifestBuildOptions needs Ranges or RangesByWidth", nameof(options));
            }

            var producers = graph.Nodes.ToDictionary(n => n.Output, StringComparer.Ordinal);
            var tensors = graph.Nodes.Select(n => n.Output).Prepend(graph.InputName).ToArray();

            // A set's width is the widest any member's producer chooses; only then are its members' ranges known
            // (with per-width ranges, each is looked up at that width).
            var setBits = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string tensor in tensors)
            {
                var producer = producers.GetValueOrDefault(tensor);
                // Only the input and requantizing layers choose a width; sharing ops inherit their set's.
                int bits = producer is null ? options.InputBits : SharedQuantization.SharesQuantization(producer) ? 0 : Precision(producer).ActivationBits;
                if (producer is null && bits is < 1 or > 8)
                {
                    throw new ManifestBuildException($"input width {bits} is outside 1..8");
                }

                string root = _shared.Root(tensor);
                setBits[root] = Math.Max(setBits.GetValueOrDefault(root), bits);
            }

            var ranges = new Dictionary<string, (float Min, float Max)>(StringComparer.Ordinal);
            foreach (string tensor in tensors)
            {
                string root = _shared.Root(tensor);
                var range = Range(tensor, setBits[root], producers.GetValueOrDefault(tensor));
                ranges[root] = ranges.TryGetValue(root, out var set) ? (Math.Min(set.Min, range.Min), Math.Max(set.Max, range.Max)) : (range.Min, range.Max);
            }

            foreach (var (root, set) in ranges)
            {
                try
                {
                    _setQuantization[root] = ActivationQuantization.FromRange(set.Min, set.Max, setBits[root]);
                }
                catch (ArgumentException e)
                {
                    throw new ManifestBuildException($"tensor '{root}': range [{set.Min}, {set.Max}] at {setBits[root]} bits: {e.Message}", e);
                }
            }
        }

        private ActivationRange Range(string tensor, int bits, Node? producer)
        {
            bool found = options.RangesByWidth is { } byWidth
                ? byWidth.TryGetRange(tensor, bits, out var range)
                : options.Ranges!.TryGetValue(tensor, out range);
            if (found)
            {
                return range;
            }

            string by = producer is null ? "the graph input" : $"node '{producer.Name}' ({producer.OpType})";
            throw new ManifestBuildException($"no activation range for tensor '{tensor}' (written by {by}) at {bits} bits");
        }

        private ActivationQuantization Quantization(string tensor) => _setQuantization[_shared.Root(tensor)];

        private TensorSpec Tensor(string id)
        {
            if (_tensors.TryGetValue(id, out var existing))
            {
                return existing;
            }

            var q = Quantization(id);
            var shape = _shapes[id].Skip(1).ToEquatableArray(); // per image: the batch dimension is dropped
            var tensor = new TensorSpec(id, shape, q.Bits, q.Scale, q.ZeroPoint);
            _tensors[id] = tensor;
            return tensor;
        }

        private LayerPrecision Precision(Node node)
        {
            var precision = options.Layers.GetValueOrDefault(node.Name) ?? options.DefaultPrecision;
            if (precision.WeightBits is < 1 or > 8 || precision.ActivationBits is < 1 or > 8)
            {
                throw new ManifestBuildException($"node '{node.Name}' ({node.OpType}): widths W{precision.WeightBits}A{precision.ActivationBits} are outside 1..8");
            }

            return precision;
        }
    }
}
