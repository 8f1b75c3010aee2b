using System.Diagnostics;
using Specialized.Runtime.Data;

namespace Specialized.Samples.ResNet18;

/// <summary>Accuracy, batch-1 latency and batched throughput of a classifier on labeled images.</summary>
internal static class Evaluation
{
    public const int ThroughputBatch = 64;
    private const int Classes = 10;
    private const int Pixels = FashionMnist.ImageSize * FashionMnist.ImageSize;

    /// <summary>Top-1 accuracy and images per second, running the set in batches of <see cref="ThroughputBatch"/>.</summary>
    public static (double Accuracy, double ImagesPerSecond) AccuracyAndThroughput(Float32Classifier classifier, LabeledImages set)
    {
        var inputs = FashionMnist.Normalization.NormalizeGrayscaleBatch(set.Images).Data;
        var logits = new float[ThroughputBatch * Classes];
        int correct = 0;

        // Warm-up: the executor plans (and JIT-compiles) once per input shape.
        RunBatch(classifier, inputs, 0, Math.Min(ThroughputBatch, set.Count), logits);
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < set.Count; start += ThroughputBatch)
        {
            int count = Math.Min(ThroughputBatch, set.Count - start);
            RunBatch(classifier, inputs, start, count, logits);
            for (int i = 0; i < count; i++)
            {
                correct += Predictions.ArgMax(logits.AsSpan(i * Classes, Classes)) == set.Labels[start + i] ? 1 : 0;
            }
        }

        clock.Stop();
        return ((double)correct / set.Count, set.Count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Milliseconds per image at batch 1, one sample per image (after a warm-up run).</summary>
    public static double[] BatchOneLatencies(Float32Classifier classifier, LabeledImages set)
    {
        var inputs = FashionMnist.Normalization.NormalizeGrayscaleBatch(set.Images).Data;
        var logits = new float[Classes];
        var times = new double[set.Count];
        RunBatch(classifier, inputs, 0, 1, logits);
        for (int i = 0; i < set.Count; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            RunBatch(classifier, inputs, i, 1, logits);
            times[i] = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        }

        return times;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the samples fall (nearest rank).</summary>
    public static double Percentile(double[] samples, double fraction)
    {
        var sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(fraction * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static void RunBatch(Float32Classifier classifier, float[] inputs, int start, int count, float[] logits) =>
        classifier.Run(inputs.AsSpan(start * Pixels, count * Pixels), [count, 1, FashionMnist.ImageSize, FashionMnist.ImageSize], logits.AsSpan(0, count * Classes));
}
