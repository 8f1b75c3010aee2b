using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>The state of one <see cref="SensitivityMeasurer.Measure"/> call: executors, quantizers, counters.</summary>
internal sealed class MeasurementRun(
    ModelGraph graph,
    LabeledSamples data,
    MeasurementOptions options,
    IReadOnlyList<QuantizableLayer> layers,
    int classes,
    Dictionary<MeasurementKey, double> values,
    SensitivityCache? cache,
    IMeasurementObserver? observer,
    CancellationToken cancellation)
{
    private readonly WeightQuantizerCache _quantizers = new(graph, options.WeightClipping);

    public int Computed { get; private set; }

    public long FullPasses { get; private set; }

    public long PartialPasses { get; private set; }

    public void MeasureChunk(Chunk chunk)
    {
        int optionCount = options.Options.Count;
        if (Chunking.ChunkKeys(chunk, layers.Count, optionCount, options.IncludePairs).All(values.ContainsKey))
        {
            return;
        }

        using var executor = new FloatExecutor(graph, options.Threads);
        var batches = CaptureChunk(executor, chunk);
        Record(MeasurementKey.Float(chunk.Start, chunk.Count), () => batches.Sum(b => FloatLossSum(b)));
        for (int l = 0; l < layers.Count; l++)
        {
            for (int s = 0; s < optionCount; s++)
            {
                // Created on first need and reused for every pair (l, s, m, t): it packs layer l once.
                FloatExecutor? withL = null;
                try
                {
                    Record(MeasurementKey.Single(l, s, chunk.Start, chunk.Count), () => LossSum(withL ??= Replace(executor, l, s), batches, l));
                    for (int m = options.IncludePairs ? l + 1 : layers.Count; m < layers.Count; m++)
                    {
                        for (int t = 0; t < optionCount; t++)
                        {
                            Record(MeasurementKey.Pair(l, s, m, t, chunk.Start, chunk.Count), () =>
                            {
                                using var withBoth = Replace(withL ??= Replace(executor, l, s), m, t);
                                return LossSum(withBoth, batches, l);
                            });
                        }
                    }
                }
                finally
                {
                    withL?.Dispose();
                }
            }
        }
    }

    private FloatExecutor Replace(FloatExecutor executor, int layer, int option)
    {
        var quantized = _quantizers.Get(layers[layer].NodeIndex, options.Options[option].WeightBits);
        return executor.WithReplacedNode(layers[layer].NodeIndex, quantized.Replacement);
    }

    private void Record(MeasurementKey key, Func<double> compute)
    {
        if (values.ContainsKey(key))
        {
            return;
        }

        cancellation.ThrowIfCancellationRequested();
        double value = compute();
        cache?.Append(key, value);
        values[key] = value;
        Computed++;
        observer?.Measured(key);
    }

    /// <summary>Float passes over the chunk's batches, each capturing a snapshot before every measured layer.</summary>
    private List<BatchState> CaptureChunk(FloatExecutor executor, Chunk chunk)
    {
        var batches = new List<BatchState>();
        for (int start = chunk.Start; start < chunk.Start + chunk.Count; start += options.BatchSize)
        {
            int count = Math.Min(options.BatchSize, chunk.Start + chunk.Count - start);
            var input = data.Batch(start, count);
            var snapshots = layers.Select(layer => executor.CreateSnapshot(layer.NodeIndex, input.Shape)).ToArray();
            var logits = new float[count * classes];
            executor.Run(input.Data, input.Shape, logits, snapshots);
            FullPasses++;
            batches.Add(new BatchState(start, count, snapshots, logits, new float[logits.Length]));
        }

        return batches;
    }

    private double FloatLossSum(BatchState batch) => options.Loss == LossKind.CrossEntropy
        ? LossFunctions.CrossEntropySum(batch.FloatLogits, classes, data.Labels.AsSpan(batch.Start, batch.Count))
        : 0.0;

    private double LossSum(FloatExecutor executor, List<BatchState> batches, int fromLayer)
    {
        double total = 0;
        foreach (var batch in batches)
        {
            executor.RunFrom(batch.Snapshots[fromLayer], batch.Scratch);
            PartialPasses++;
            total += options.Loss == LossKind.CrossEntropy
                ? LossFunctions.CrossEntropySum(batch.Scratch, classes, data.Labels.AsSpan(batch.Start, batch.Count))
                : LossFunctions.KlDivergenceSum(batch.FloatLogits, batch.Scratch, classes);
        }

        return total;
    }

    private sealed record BatchState(int Start, int Count, ActivationSnapshot[] Snapshots, float[] FloatLogits, float[] Scratch);
}
