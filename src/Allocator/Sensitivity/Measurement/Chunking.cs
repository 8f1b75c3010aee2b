using Specialized.Allocator.Datasets;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>Samples [Start, Start + Count) of the calibration set, measured with one set of snapshots in memory.</summary>
internal sealed record Chunk(int Start, int Count);

/// <summary>Cuts the calibration set into chunks whose snapshots fit the memory budget, and lists the records.</summary>
internal static class Chunking
{
    /// <summary>
    /// Chunks of whole batches: as many as fit <see cref="MeasurementOptions.SnapshotMemoryBytes"/> given the bytes one
    /// sample's snapshots take (<see cref="SnapshotBytesPerSample"/>, twice when pairs are measured), at least one batch.
    /// </summary>
    public static IReadOnlyList<Chunk> Plan(ModelGraph graph, IReadOnlyList<QuantizableLayer> layers, LabeledSamples data, MeasurementOptions options)
    {
        // With pairs, a second set of snapshots (downstream of the quantized layer) is kept beside the base set.
        long perSample = Math.Max(1, SnapshotBytesPerSample(graph, layers, data.SampleShape)) * (options.IncludePairs ? 2 : 1);
        long batchBytes = perSample * options.BatchSize;
        long batchesPerChunk = Math.Max(1, options.SnapshotMemoryBytes / batchBytes);
        long chunkSamples = Math.Min(data.Count, batchesPerChunk * options.BatchSize);
        var chunks = new List<Chunk>();
        for (int start = 0; start < data.Count; start += (int)chunkSamples)
        {
            chunks.Add(new Chunk(start, (int)Math.Min(chunkSamples, data.Count - start)));
        }

        return chunks;
    }

    /// <summary>
    /// Bytes of float32 tensors alive before each measured layer, summed over the layers, for one sample: a tensor is
    /// alive before node i when it is produced before i (the graph input counts as produced first) and read at or after
    /// i, or is a graph output. This mirrors what <c>ActivationSnapshot</c> captures.
    /// </summary>
    public static long SnapshotBytesPerSample(ModelGraph graph, IReadOnlyList<QuantizableLayer> layers, IReadOnlyList<int> sampleShape)
    {
        var shapes = graph.InferShapes([1, .. sampleShape]);
        var produced = new Dictionary<string, int>(StringComparer.Ordinal) { [graph.InputName] = -1 };
        var lastRead = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            produced[graph.Nodes[i].Output] = i;
            foreach (string input in graph.Nodes[i].Inputs)
            {
                lastRead[input] = i;
            }
        }

        foreach (string output in graph.OutputNames)
        {
            lastRead[output] = int.MaxValue;
        }

        long total = 0;
        foreach (var layer in layers)
        {
            foreach (var (name, producer) in produced)
            {
                if (producer < layer.NodeIndex && lastRead.TryGetValue(name, out int last) && last >= layer.NodeIndex)
                {
                    total += 4L * ShapeText.ElementCount(shapes[name]);
                }
            }
        }

        return total;
    }

    /// <summary>Every record of a measurement, chunk by chunk in the order they are computed.</summary>
    public static IEnumerable<MeasurementKey> Keys(IReadOnlyList<Chunk> chunks, int layers, int options, bool pairs)
    {
        foreach (var chunk in chunks)
        {
            foreach (var key in ChunkKeys(chunk, layers, options, pairs))
            {
                yield return key;
            }
        }
    }

    /// <summary>The records of one chunk: float, then per layer l and option s the single, then the pairs (l, s, m &gt; l, t).</summary>
    public static IEnumerable<MeasurementKey> ChunkKeys(Chunk chunk, int layers, int options, bool pairs)
    {
        yield return MeasurementKey.Float(chunk.Start, chunk.Count);
        for (int l = 0; l < layers; l++)
        {
            for (int s = 0; s < options; s++)
            {
                yield return MeasurementKey.Single(l, s, chunk.Start, chunk.Count);
                for (int m = pairs ? l + 1 : layers; m < layers; m++)
                {
                    for (int t = 0; t < options; t++)
                    {
                        yield return MeasurementKey.Pair(l, s, m, t, chunk.Start, chunk.Count);
                    }
                }
            }
        }
    }
}
