using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Tests.Solver;

/// <summary>A seeded random allocation problem, kept in plain arrays so the oracle does not depend on the solver's types.</summary>
internal sealed record RandomInstance(string Description, int[] Options, double[,] Q, double[]? C, (long[] Costs, long Limit)[] Budgets)
{
    public AllocationProblem ToProblem() =>
        new(new OptionLayout(Options), Q, C, Budgets.Select((b, k) => new Budget($"budget {k}", b.Costs, b.Limit)).ToArray());

    /// <summary>
    /// Random Q of one of three kinds (PSD = GᵀG, indefinite symmetric, or small integers to create ties), optional
    /// linear term, 0–2 budgets with costs that grow with the option index (like bits) and a limit between the
    /// cheapest and the dearest total, at a tightness drawn from tight to loose (and sometimes just below the cheapest;
    /// two budgets that disagree on the cheap option may also be jointly infeasible).
    /// </summary>
    public static RandomInstance Create(int seed, int maxLayers = 10, int maxOptions = 3)
    {
        var random = new Random(seed);
        int layers = random.Next(1, maxLayers + 1);
        int[] options = Enumerable.Range(0, layers).Select(_ => random.Next(1, maxOptions + 1)).ToArray();
        int n = options.Sum();
        int kind = random.Next(3);
        var q = new double[n, n];
        if (kind == 0)
        {
            var g = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    g[i, j] = random.NextDouble() - 0.5;
                }
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    for (int r = 0; r < n; r++)
                    {
                        q[i, j] += g[r, i] * g[r, j];
                    }
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    double v = kind == 1 ? (random.NextDouble() * 2) - 1 : random.Next(-2, 3);
                    q[i, j] = v;
                    q[j, i] = v;
                }
            }
        }

        double[]? c = random.Next(2) == 0 ? null : Enumerable.Range(0, n).Select(_ => kind == 2 ? random.Next(0, 3) : random.NextDouble()).ToArray();
        int budgetCount = random.Next(3);
        var budgets = new (long[], long)[budgetCount];
        for (int k = 0; k < budgetCount; k++)
        {
            var costs = new long[n];
            long min = 0, max = 0;
            int offset = 0;
            foreach (int count in options)
            {
                long step = random.Next(1, 50), value = random.Next(0, 20);
                for (int s = 0; s < count; s++)
                {
                    costs[offset + s] = value;
                    value += kind == 2 ? step : random.Next(0, 2 * (int)step); // kind 2: equal steps, many equal totals
                }

                if (k == 1 && random.Next(2) == 0)
                {
                    Array.Reverse(costs, offset, count); // a second resource that disagrees on which option is cheap
                }

                min += costs[offset..(offset + count)].Min();
                max += costs[offset..(offset + count)].Max();
                offset += count;
            }

            double tightness = new[] { 0.0, 0.1, 0.3, 0.6, 1.0 }[random.Next(5)];
            long limit = min + (long)Math.Round(tightness * (max - min));
            budgets[k] = (costs, random.Next(20) == 0 ? min - 1 : limit); // sometimes below the cheapest total
        }

        string description = $"seed {seed}: {layers} layers × [{string.Join(",", options)}] options, Q kind {kind}, " +
            $"linear {(c is null ? "no" : "yes")}, budgets {budgetCount}";
        return new RandomInstance(description, options, q, c, budgets);
    }
}
