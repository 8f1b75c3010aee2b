namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>Per-batch loss sums (over samples, not yet divided by N), in double, from [N, classes] logits.</summary>
public static class LossFunctions
{
    /// <summary>Σ_n logsumexp(z_n) − z_n[labels[n]].</summary>
    public static double CrossEntropySum(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels)
    {
        int n = CheckShape(logits.Length, classes, labels.Length);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = logits.Slice(i * classes, classes);
            total += LogSumExp(row) - row[labels[i]];
        }

        return total;
    }

    /// <summary>Σ_n Σ_c p_f (log p_f − log p_q) with p = softmax, p_f from <paramref name="reference"/>, p_q from <paramref name="perturbed"/>.</summary>
    public static double KlDivergenceSum(ReadOnlySpan<float> reference, ReadOnlySpan<float> perturbed, int classes)
    {
        if (reference.Length != perturbed.Length)
        {
            throw new ArgumentException($"reference has {reference.Length} logits, perturbed {perturbed.Length}");
        }

        int n = CheckShape(reference.Length, classes, reference.Length / Math.Max(classes, 1));
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> f = reference.Slice(i * classes, classes);
            ReadOnlySpan<float> q = perturbed.Slice(i * classes, classes);
            double lseF = LogSumExp(f), lseQ = LogSumExp(q);
            for (int c = 0; c < classes; c++)
            {
                double logPf = f[c] - lseF;
                double logPq = q[c] - lseQ;
                total += Math.Exp(logPf) * (logPf - logPq);
            }
        }

        return total;
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity;
        foreach (float v in row)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (float v in row)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    private static int CheckShape(int logits, int classes, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (logits != (long)samples * classes)
        {
            throw new ArgumentException($"{logits} logits are not {samples} samples × {classes} classes");
        }

        return samples;
    }
}
