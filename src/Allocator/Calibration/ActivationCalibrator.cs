using Specialized.Allocator.Datasets;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// Measures activation ranges by running the float executor over the calibration set in batches.
/// </summary>
/// <remarks>
/// Every tensor is either read by some node or is a graph output. For each tensor read by a node, a snapshot is taken
/// before its first reader (<see cref="FloatExecutor.CreateSnapshot"/> captures a node's inputs), so one forward pass
/// per batch observes every tensor; the first graph output is the pass's output. Other graph outputs that no node reads
/// are not observed (the executor returns only the first; the models we import have one output).
/// MinMax needs one pass over the data; Mse a second, filling a histogram over each tensor's observed range.
/// </remarks>
public static class ActivationCalibrator
{
    private delegate void TensorVisitor(string name, ReadOnlySpan<float> values);

    public static ActivationCalibration Calibrate(FloatExecutor executor, LabeledSamples data, ActivationCalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ActivationCalibrationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));

        var observed = ObserveRanges(executor, data, options.BatchSize);
        if (options.Method == ClippingMethod.MinMax)
        {
            return new ActivationCalibration(observed, observed, options);
        }

        var histograms = FillHistograms(executor, data, options.BatchSize, options.BinCount, observed);
        var clipped = histograms.ToDictionary(pair => pair.Key, pair => ActivationClipping.MseOptimal(pair.Value, options.Bits), StringComparer.Ordinal);
        return new ActivationCalibration(observed, clipped, options);
    }

    /// <summary>
    /// The ranges to quantize with at each of <paramref name="widths"/>: the observed ranges for MinMax, the MSE-optimal
    /// clipped range per width for Mse. The forward passes are shared: one for the extremes, one more (Mse only) for the
    /// histograms, whatever the number of widths.
    /// </summary>
    public static ActivationRangesByWidth CalibrateWidths(
        FloatExecutor executor, LabeledSamples data, ClippingMethod method, IEnumerable<int> widths, int batchSize = 32, int binCount = 2048)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int[] bits = widths.Distinct().Order().ToArray();
        var observed = ObserveRanges(executor, data, batchSize);
        if (method == ClippingMethod.MinMax)
        {
            return new ActivationRangesByWidth(method, bits.ToDictionary(b => b, _ => (IReadOnlyDictionary<string, ActivationRange>)observed));
        }

        var histograms = FillHistograms(executor, data, batchSize, binCount, observed);
        return new ActivationRangesByWidth(method, bits.ToDictionary(
            b => b,
            b => (IReadOnlyDictionary<string, ActivationRange>)histograms.ToDictionary(pair => pair.Key, pair => ActivationClipping.MseOptimal(pair.Value, b), StringComparer.Ordinal)));
    }

    /// <summary>The exact min and max of every observed tensor over the data; non-finite values are an error.</summary>
    private static Dictionary<string, ActivationRange> ObserveRanges(FloatExecutor executor, LabeledSamples data, int batchSize)
    {
        var minMax = new Dictionary<string, (float Min, float Max)>(StringComparer.Ordinal);
        Visit(executor, data, batchSize, (name, values) =>
        {
            var (min, max) = minMax.TryGetValue(name, out var seen) ? seen : (float.PositiveInfinity, float.NegativeInfinity);
            foreach (float v in values)
            {
                if (!float.IsFinite(v))
                {
                    throw new GraphException(name, "Activation", $"tensor '{name}' takes the non-finite value {v} on the calibration data");
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            minMax[name] = (min, max);
        });

        return minMax.ToDictionary(pair => pair.Key, pair => new ActivationRange(pair.Value.Min, pair.Value.Max), StringComparer.Ordinal);
    }

    private static Dictionary<string, ValueHistogram> FillHistograms(
        FloatExecutor executor, LabeledSamples data, int batchSize, int binCount, Dictionary<string, ActivationRange> observed)
    {
        var histograms = observed.ToDictionary(pair => pair.Key, pair => new ValueHistogram(pair.Value.Min, pair.Value.Max, binCount), StringComparer.Ordinal);
        Visit(executor, data, batchSize, (name, values) => histograms[name].Add(values));
        return histograms;
    }

    /// <summary>One forward pass per batch, handing every observed tensor's values (whole batch) to <paramref name="visit"/>.</summary>
    private static void Visit(FloatExecutor executor, LabeledSamples data, int batchSize, TensorVisitor visit)
    {
        var graph = executor.Graph;
        var firstReader = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (string input in graph.Nodes[i].Inputs)
            {
                firstReader.TryAdd(input, i);
            }
        }

        var tensorsAt = firstReader.GroupBy(pair => pair.Value).OrderBy(g => g.Key)
            .Select(g => (Node: g.Key, Names: g.Select(pair => pair.Key).ToArray())).ToArray();
        string output = graph.OutputNames[0];
        bool outputRead = firstReader.ContainsKey(output);

        // The last batch may be smaller; each shape has its own plan and snapshots.
        var snapshotsByCount = new Dictionary<int, ActivationSnapshot[]>();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            var batch = data.Batch(start, count);
            if (!snapshotsByCount.TryGetValue(count, out var snapshots))
            {
                snapshots = tensorsAt.Select(t => executor.CreateSnapshot(t.Node, batch.Shape)).ToArray();
                snapshotsByCount[count] = snapshots;
            }

            var logits = new float[executor.OutputShape(batch.Shape).Aggregate(1, (a, b) => a * b)];
            executor.Run(batch.Data, batch.Shape, logits, snapshots);
            for (int k = 0; k < tensorsAt.Length; k++)
            {
                foreach (string name in tensorsAt[k].Names)
                {
                    visit(name, snapshots[k].GetTensor(name));
                }
            }

            if (!outputRead)
            {
                visit(output, logits);
            }
        }
    }
}
