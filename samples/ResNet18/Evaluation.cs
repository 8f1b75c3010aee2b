using System.Diagnostics;
using Specialized.Runtime.Data;

namespace Specialized.Samples.ResNet18;

/// <summary>Accuracy, batch-1 latency and batched throughput of a classifier on labeled images.</summary>
internal static class Evaluation
{
    public const int ThroughputBatch = 64;
    public const int Classes = 10;
    public const int Pixels = FashionMnist.ImageSize * FashionMnist.ImageSize;

    /// <summary>Top-1 accuracy and images per second, running the set in batches of <see cref="ThroughputBatch"/>.</summary>
    public static (double Accuracy, double ImagesPerSecond) AccuracyAndThroughput(IClassifier classifier, LabeledImages set)
    {
        var inputs = FashionMnist.Normalization.NormalizeGrayscaleBatch(set.Images).Data;
        var logits = new float[ThroughputBatch * Classes];
        int correct = 0;

        // Warm-up: the float executor plans (and the JIT compiles) once per input shape.
        int warmUp = Math.Min(ThroughputBatch, set.Count);
        classifier.Run(inputs.AsSpan(0, warmUp * Pixels), warmUp, logits);
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < set.Count; start += ThroughputBatch)
        {
            int count = Math.Min(ThroughputBatch, set.Count - start);
            classifier.Run(inputs.AsSpan(start * Pixels, count * Pixels), count, logits);
            for (int i = 0; i < count; i++)
            {
                correct += Predictions.ArgMax(logits.AsSpan(i * Classes, Classes)) == set.Labels[start + i] ? 1 : 0;
            }
        }

        clock.Stop();
        return ((double)correct / set.Count, set.Count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Milliseconds per image at batch 1, one sample per image (after a warm-up run).</summary>
    public static double[] BatchOneLatencies(IClassifier classifier, LabeledImages set)
    {
        var inputs = FashionMnist.Normalization.NormalizeGrayscaleBatch(set.Images).Data;
        var logits = new float[Classes];
        var times = new double[set.Count];
        classifier.Run(inputs.AsSpan(0, Pixels), 1, logits);
        for (int i = 0; i < set.Count; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            classifier.Run(inputs.AsSpan(i * Pixels, Pixels), 1, logits);
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
}
