using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>The state of one <see cref="SensitivityMeasurer.Measure"/> call: executors, quantizers, counters.</summary>
/// <remarks>
/// Per chunk: one float pass per batch fills the base snapshots (before every measured layer). Then per (l, s):
/// <list type="bullet">
/// <item>singles only: the executor with l replaced runs from l's base snapshot;</item>
/// <item>with pairs: the executor with l replaced runs the whole batch once, capturing a second set of snapshots
///   (before every later layer m, now downstream of the quantized l) and giving the single's loss; each pair
///   (l, s, m, t) then runs from m's snapshot of that set, so the layers between l and m are not recomputed
///   for every (m, t).</item>
/// </list>
/// </remarks>
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
        Record(MeasurementKey.Float(chunk.Start, chunk.Count), () => batches.Sum(FloatLossSum));
        for (int l = 0; l < layers.Count; l++)
        {
            for (int s = 0; s < optionCount; s++)
            {
                var single = MeasurementKey.Single(l, s, chunk.Start, chunk.Count);
                var pairs = PairKeys(chunk, l, s).ToList();
                if (values.ContainsKey(single) && pairs.All(p => values.ContainsKey(p.Key)))
                {
                    continue;
                }

                using var withL = Replace(executor, l, s);
                if (!options.IncludePairs)
                {
                    Record(single, () => batches.Sum(b => RunFrom(withL, b.Base[l], b)));
                    continue;
                }

                // One pass with l quantized: the single's loss, and the snapshots every pair (l, s, ·, ·) starts from.
                cancellation.ThrowIfCancellationRequested();
                double singleSum = batches.Sum(b => RunCapturing(withL, b, l));
                Record(single, () => singleSum);
                foreach (var (key, m, t) in pairs)
                {
                    Record(key, () =>
                    {
                        using var withBoth = Replace(withL, m, t);
                        return batches.Sum(b => RunFrom(withBoth, b.Perturbed![m], b));
                    });
                }
            }
        }
    }

    private IEnumerable<(MeasurementKey Key, int M, int T)> PairKeys(Chunk chunk, int l, int s)
    {
        for (int m = options.IncludePairs ? l + 1 : layers.Count; m < layers.Count; m++)
        {
            for (int t = 0; t < options.Options.Count; t++)
            {
                yield return (MeasurementKey.Pair(l, s, m, t, chunk.Start, chunk.Count), m, t);
            }
        }
    }

    private FloatExecutor Replace(FloatExecutor executor, int layer, int option)
    {
        var precision = options.Options[option];
        var quantized = _quantizers.Get(layers[layer].NodeIndex, precision.WeightBits);
        var output = precision.ActivationBits is int bits
            ? options.ActivationRanges!.Quantization(graph.Nodes[layers[layer].NodeIndex].Output, bits)
            : (Specialized.Runtime.Quantization.ActivationQuantization?)null;
        return executor.WithReplacedNode(layers[layer].NodeIndex, quantized.Replacement, output);
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
            var snapshots = CreateSnapshots(executor, input.Shape);
            var logits = new float[count * classes];
            executor.Run(input.Data, input.Shape, logits, snapshots);
            FullPasses++;
            var perturbed = options.IncludePairs ? CreateSnapshots(executor, input.Shape) : null;
            batches.Add(new BatchState(start, count, input, snapshots, perturbed, logits, new float[logits.Length]));
        }

        return batches;
    }

    private ActivationSnapshot[] CreateSnapshots(FloatExecutor executor, int[] shape) =>
        layers.Select(layer => executor.CreateSnapshot(layer.NodeIndex, shape)).ToArray();

    private double RunFrom(FloatExecutor executor, ActivationSnapshot snapshot, BatchState batch)
    {
        executor.RunFrom(snapshot, batch.Scratch);
        PartialPasses++;
        return PerturbedLossSum(batch);
    }

    /// <summary>A full pass capturing the second snapshot set after <paramref name="layer"/> (earlier ones are never read).</summary>
    private double RunCapturing(FloatExecutor executor, BatchState batch, int layer)
    {
        executor.Run(batch.Input.Data, batch.Input.Shape, batch.Scratch, batch.Perturbed.AsSpan(layer + 1));
        FullPasses++;
        return PerturbedLossSum(batch);
    }

    private double FloatLossSum(BatchState batch) => options.Loss == LossKind.CrossEntropy
        ? LossFunctions.CrossEntropySum(batch.FloatLogits, classes, data.Labels.AsSpan(batch.Start, batch.Count))
        : 0.0;

    private double PerturbedLossSum(BatchState batch) => options.Loss == LossKind.CrossEntropy
        ? LossFunctions.CrossEntropySum(batch.Scratch, classes, data.Labels.AsSpan(batch.Start, batch.Count))
        : LossFunctions.KlDivergenceSum(batch.FloatLogits, batch.Scratch, classes);

    /// <summary>One batch: its input, base snapshots, the reusable snapshots downstream of a quantized layer, float logits, output scratch.</summary>
    private sealed record BatchState(
        int Start, int Count, DenseTensor<float> Input, ActivationSnapshot[] Base, ActivationSnapshot[]? Perturbed, float[] FloatLogits, float[] Scratch);
}
