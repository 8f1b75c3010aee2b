using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// Measures CLADO's single and pairwise loss perturbations with the float executor and fake-quantized weights.
/// </summary>
/// <remarks>
/// <para>Per chunk of the calibration set (all of it when the snapshots fit <see cref="MeasurementOptions.SnapshotMemoryBytes"/>):
/// one float pass per batch captures a snapshot before every measured layer. Then for every layer l and option s, the
/// executor with l replaced runs once, giving the single's loss and capturing snapshots before every later layer m; each
/// pair (l, s, m, t) runs from m's snapshot with both replaced, so only the suffix from m is recomputed. Derived
/// executors share all other packed weights (<see cref="FloatExecutor.WithReplacedNode"/>). Details and costs:
/// docs/sensitivity.md and <see cref="MeasurementRun"/>.</para>
/// <para>Each (record, chunk) loss sum is persisted in the <see cref="SensitivityCache"/> as soon as it is known, and
/// the cancellation token is checked before each record, so a cancelled or killed run loses at most one record.</para>
/// <para>An option with an activation width also fake-quantizes the layer's output with the calibrated range at that
/// width; other tensors stay float32 (see docs/sensitivity.md).</para>
/// </remarks>
public static class SensitivityMeasurer
{
    public static SensitivityMeasurement Measure(
        ModelGraph graph,
        LabeledSamples data,
        MeasurementOptions options,
        IMeasurementObserver? observer = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var layers = ResolveLayers(graph, options);
        CheckOptions(options, data);
        int classes = ClassCount(graph, data);
        var chunks = Chunking.Plan(graph, layers, data, options);
        var all = Chunking.Keys(chunks, layers.Count, options.Options.Count, options.IncludePairs).ToList();
        // A singles-only run and a run with pairs share a cache: singles are the same records either way, so pair
        // records are valid (kept, not needed) in a singles-only run; only records that belong to neither are damage.
        var valid = options.IncludePairs ? all.ToHashSet() : Chunking.Keys(chunks, layers.Count, options.Options.Count, pairs: true).ToHashSet();

        var values = new Dictionary<MeasurementKey, double>();
        using var cache = options.CachePath is null ? null : SensitivityCache.Open(
            options.CachePath, CacheKey(layers, data, options), valid.Contains, message => observer?.Warning(message));
        int loaded = 0;
        foreach (var key in all)
        {
            if (cache is not null && cache.TryGet(key, out double v))
            {
                values[key] = v;
                loaded++;
            }
        }

        observer?.Started(all.Count, loaded);
        var run = new MeasurementRun(graph, data, options, layers, classes, values, cache, observer, cancellation);
        foreach (var chunk in chunks)
        {
            run.MeasureChunk(chunk);
        }

        var table = Assemble(layers, options, data, chunks, values);
        return new SensitivityMeasurement(table, run.Computed, loaded, run.FullPasses, run.PartialPasses, clock.Elapsed);
    }

    /// <summary>The cache key: SHA-256 hex of the format version and everything the stored sums depend on.</summary>
    public static string CacheKey(IReadOnlyList<QuantizableLayer> layers, LabeledSamples data, MeasurementOptions options)
    {
        var text = new StringBuilder();
        text.Append($"format={SensitivityCache.FormatVersion}|model={options.ModelIdentity}|data={data.Identity}|n={data.Count}");
        text.Append($"|options={string.Join(",", options.Options)}|loss={options.Loss}|clip={options.WeightClipping}|grid={WeightClipping.GridSteps}");
        text.Append($"|batch={options.BatchSize}|layers={string.Join(",", layers.Select(l => $"{l.NodeIndex}:{l.Name}"))}");
        if (options.Options.Any(o => o.ActivationBits is not null))
        {
            text.Append($"|activations={options.ActivationRanges!.Identity}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IReadOnlyList<QuantizableLayer> ResolveLayers(ModelGraph graph, MeasurementOptions options)
    {
        var all = QuantizableLayer.FindAll(graph);
        if (options.Layers is null)
        {
            return all;
        }

        var chosen = new List<QuantizableLayer>();
        foreach (int index in options.Layers.Distinct().Order())
        {
            chosen.Add(all.FirstOrDefault(l => l.NodeIndex == index)
                ?? throw new ArgumentException($"node {index} is not a Conv or Gemm layer of '{graph.Name}'", nameof(options)));
        }

        return chosen;
    }

    private static void CheckOptions(MeasurementOptions options, LabeledSamples data)
    {
        if (options.Options.Count == 0)
        {
            throw new ArgumentException("need at least one candidate precision", nameof(options));
        }

        if (options.Options.Distinct().Count() != options.Options.Count)
        {
            throw new ArgumentException($"candidate precisions repeat: {string.Join(", ", options.Options)}", nameof(options));
        }

        foreach (var option in options.Options)
        {
            if (option.WeightBits is < 1 or > 8)
            {
                throw new ArgumentOutOfRangeException(nameof(options), option.WeightBits, "weight widths must lie in [1, 8]");
            }

            if (option.ActivationBits is int a)
            {
                if (a is < 1 or > 8)
                {
                    throw new ArgumentOutOfRangeException(nameof(options), a, "activation widths must lie in [1, 8]");
                }

                if (options.ActivationRanges is null || !options.ActivationRanges.Widths.Contains(a))
                {
                    throw new ArgumentException($"{option}: no calibrated activation ranges at {a} bits (MeasurementOptions.ActivationRanges)", nameof(options));
                }
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        if (data.Count == 0)
        {
            throw new DatasetException(data.Description, "holds no samples; the losses need at least one");
        }

        if (options.Loss == LossKind.CrossEntropy && data.Labels is null)
        {
            throw new DatasetException(data.Description, "has no labels, which cross-entropy needs; use the KL loss (--loss kl) instead");
        }
    }

    private static int ClassCount(ModelGraph graph, LabeledSamples data)
    {
        var shapes = graph.InferShapes([1, .. data.SampleShape]);
        int[] output = shapes[graph.OutputNames[0]];
        if (output.Length != 2)
        {
            throw new GraphException(graph.OutputNames[0], "Output", $"the loss needs [N, classes] logits; the model's first output has shape {ShapeText.Format(output)}");
        }

        int classes = output[1];
        if (data.Labels is { } labels && labels.FirstOrDefault(y => y < 0 || y >= classes, -1) is var bad && bad != -1)
        {
            throw new DatasetException(data.Description, $"label {bad} is outside the model's {classes} classes");
        }

        return classes;
    }

    private static SensitivityTable Assemble(
        IReadOnlyList<QuantizableLayer> layers, MeasurementOptions options, LabeledSamples data, IReadOnlyList<Chunk> chunks, Dictionary<MeasurementKey, double> values)
    {
        int l = layers.Count, s = options.Options.Count;
        double n = data.Count;
        double Mean(Func<Chunk, MeasurementKey> key) => chunks.Sum(chunk => values[key(chunk)]) / n;

        double floatLoss = Mean(c => MeasurementKey.Float(c.Start, c.Count));
        var single = new double[l, s];
        var pair = new double[l, s, l, s];
        for (int a = 0; a < l; a++)
        {
            for (int i = 0; i < s; i++)
            {
                single[a, i] = Mean(c => MeasurementKey.Single(a, i, c.Start, c.Count)) - floatLoss;
                for (int b = options.IncludePairs ? a + 1 : l; b < l; b++)
                {
                    for (int j = 0; j < s; j++)
                    {
                        pair[a, i, b, j] = Mean(c => MeasurementKey.Pair(a, i, b, j, c.Start, c.Count)) - floatLoss;
                    }
                }
            }
        }

        return new SensitivityTable(layers, options.Options, options.Loss, data.Count, floatLoss, single, options.IncludePairs ? pair : null);
    }
}
