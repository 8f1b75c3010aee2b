using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Tests.Solver;

/// <summary>The oracle: enumerates every assignment and evaluates xᵀQx + cᵀx with an explicit dense one-hot vector.</summary>
internal static class BruteForce
{
    /// <summary>The minimum objective over feasible assignments, or null when none is feasible.</summary>
    public static double? Minimum(int[] options, double[,] q, double[]? c, IReadOnlyList<(long[] Costs, long Limit)> budgets)
    {
        int n = options.Sum();
        var choice = new int[options.Length];
        double? best = null;
        while (true)
        {
            var x = new double[n];
            int offset = 0;
            for (int l = 0; l < options.Length; l++)
            {
                x[offset + choice[l]] = 1;
                offset += options[l];
            }

            bool feasible = budgets.All(b => Enumerable.Range(0, n).Sum(i => (long)x[i] * b.Costs[i]) <= b.Limit);
            if (feasible)
            {
                double value = 0;
                for (int i = 0; i < n; i++)
                {
                    value += (c?[i] ?? 0) * x[i];
                    for (int j = 0; j < n; j++)
                    {
                        value += x[i] * q[i, j] * x[j];
                    }
                }

                best = best is null ? value : Math.Min(best.Value, value);
            }

            int layer = 0;
            while (layer < options.Length && ++choice[layer] == options[layer])
            {
                choice[layer++] = 0;
            }

            if (layer == options.Length)
            {
                return best;
            }
        }
    }
}
