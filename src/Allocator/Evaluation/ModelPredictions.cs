using Specialized.Allocator.Datasets;
using Specialized.Runtime.Execution;

namespace Specialized.Allocator.Evaluation;

/// <summary>Top-1 predictions of the float model and of a quantized manifest over a sample set.</summary>
public static class ModelPredictions
{
    /// <summary>The float32 model (fast executor, batches of <paramref name="batchSize"/>).</summary>
    public static int[] Float(FloatExecutor executor, LabeledSamples data, int batchSize = 64, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(data);
        var predicted = new int[data.Count];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, data.Count - start);
            var batch = data.Batch(start, count);
            int[] outputShape = executor.OutputShape(batch.Shape);
            int classes = outputShape[1];
            var logits = new float[count * classes];
            executor.Run(batch.Data, batch.Shape, logits);
            for (int i = 0; i < count; i++)
            {
                predicted[start + i] = TopOne.ArgMax(logits.AsSpan(i * classes, classes));
            }
        }

        return predicted;
    }

    /// <summary>
    /// The quantized model through the reference manifest executor — real integer inference, the oracle every
    /// generated kernel is tested against. Images are independent, so they are spread over
    /// <paramref name="threads"/> threads (the executor keeps no state between runs).
    /// </summary>
    /// <param name="classes">Logits per image: the first output's leading values.</param>
    /// <param name="progress">Called with the number of images finished so far (from worker threads).</param>
    public static int[] Quantized(
        ManifestExecutor executor, LabeledSamples data, int classes, int threads, Action<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(data);
        int perImage = data.Inputs.Length / data.Count;
        var predicted = new int[data.Count];
        int done = 0;
        Parallel.For(
            0,
            data.Count,
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation },
            () => new float[executor.OutputLength],
            (i, _, output) =>
            {
                executor.Run(data.Inputs.Data.AsSpan(i * perImage, perImage), output);
                predicted[i] = TopOne.ArgMax(output.AsSpan(0, classes));
                progress?.Invoke(Interlocked.Increment(ref done));
                return output;
            },
            _ => { });
        return predicted;
    }
}
