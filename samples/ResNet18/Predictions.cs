namespace Specialized.Samples.ResNet18;

/// <summary>Turning logits into answers.</summary>
internal static class Predictions
{
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Softmax probability of class <paramref name="index"/>, computed stably (shifted by the max logit).</summary>
    public static float Probability(ReadOnlySpan<float> logits, int index)
    {
        float max = logits[ArgMax(logits)];
        double sum = 0;
        foreach (float logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        return (float)(Math.Exp(logits[index] - max) / sum);
    }
}
