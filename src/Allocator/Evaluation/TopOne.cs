namespace Specialized.Allocator.Evaluation;

/// <summary>Top-1 class of a logit row, and accuracy/agreement over predictions.</summary>
public static class TopOne
{
    /// <summary>First index of the largest value (ties go to the lower class, as torch.argmax does on CPU).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Percentage of predictions equal to the labels.</summary>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> labels) => Agreement(predicted, labels);

    /// <summary>Percentage of positions where the two class lists agree.</summary>
    public static double Agreement(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"{a.Count} predictions against {b.Count}");
        }

        int same = 0;
        for (int i = 0; i < a.Count; i++)
        {
            same += a[i] == b[i] ? 1 : 0;
        }

        return a.Count == 0 ? 0 : 100.0 * same / a.Count;
    }
}
