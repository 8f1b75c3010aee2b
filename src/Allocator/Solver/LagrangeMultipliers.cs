namespace Specialized.Allocator.Solver;

/// <summary>
/// Multipliers λ ≥ 0 for the budgets, making the separable lower bound budget-aware. For any λ ≥ 0 and any
/// assignment meeting every budget, Σ_l score(i_l) ≥ Σ_l score(i_l) + Σ_k λ_k (cost_k − limit_k) ≥ D(λ) with
/// <c>D(λ) = Σ_l min_i [score(i) + Σ_k λ_k cost_k(i)] − Σ_k λ_k limit_k</c>, so every λ ≥ 0 gives a valid bound;
/// these routines pick a good one (D is concave and piecewise linear in λ).
/// </summary>
internal static class LagrangeMultipliers
{
    /// <summary>D(λ) over all layers of <paramref name="form"/> for per-variable <paramref name="score"/>.</summary>
    public static double Dual(PairwiseForm form, double[] score, double[] lambda, long[] limits)
    {
        double total = 0;
        for (int k = 0; k < lambda.Length; k++)
        {
            total -= lambda[k] * limits[k];
        }

        for (int l = 0; l < form.Layers; l++)
        {
            total += MinimumOfLayer(form, score, lambda, l, out _);
        }

        return total;
    }

    /// <summary>
    /// Coordinate ascent on D: each λ_k in turn by bisection on the sign of the subgradient
    /// Σ_l cost_k(argmin_l) − limit_k, three rounds. Deterministic; returns zeros when there are no budgets.
    /// </summary>
    public static double[] Maximise(PairwiseForm form, double[] score)
    {
        var lambda = new double[form.Limits.Length];
        for (int round = 0; round < (lambda.Length > 1 ? 3 : 1); round++)
        {
            for (int k = 0; k < lambda.Length; k++)
            {
                lambda[k] = MaximiseOne(form, score, lambda, k);
            }
        }

        return lambda;
    }

    private static double MaximiseOne(PairwiseForm form, double[] score, double[] lambda, int k)
    {
        lambda[k] = 0;
        if (Slope(form, score, lambda, k) <= 0)
        {
            return 0; // the unconstrained minimiser already fits this budget
        }

        // Bracket: grow λ_k from the ratio of score spread to cost spread until the relaxed minimiser fits.
        double scoreSpread = 0, costSpread = 0;
        for (int l = 0; l < form.Layers; l++)
        {
            scoreSpread += Spread(form, l, i => score[i]);
            costSpread += Spread(form, l, i => form.Costs[k][i]);
        }

        if (costSpread == 0)
        {
            return 0; // λ_k cannot change any choice
        }

        double lo = 0, hi = Math.Max(scoreSpread / costSpread, double.Epsilon);
        lambda[k] = hi;
        for (int grow = 0; grow < 200 && Slope(form, score, lambda, k) > 0; grow++)
        {
            lo = hi;
            hi *= 2;
            lambda[k] = hi;
        }

        for (int step = 0; step < 60; step++)
        {
            lambda[k] = 0.5 * (lo + hi);
            if (Slope(form, score, lambda, k) > 0)
            {
                lo = lambda[k];
            }
            else
            {
                hi = lambda[k];
            }
        }

        lambda[k] = lo;
        double atLo = Dual(form, score, lambda, form.Limits);
        lambda[k] = hi;
        double atHi = Dual(form, score, lambda, form.Limits);
        return atLo > atHi ? lo : hi;
    }

    private static double Slope(PairwiseForm form, double[] score, double[] lambda, int k)
    {
        double total = -form.Limits[k];
        for (int l = 0; l < form.Layers; l++)
        {
            MinimumOfLayer(form, score, lambda, l, out int best);
            total += form.Costs[k][best];
        }

        return total;
    }

    private static double MinimumOfLayer(PairwiseForm form, double[] score, double[] lambda, int layer, out int best)
    {
        double min = double.PositiveInfinity;
        best = form.Offsets[layer];
        for (int i = form.Offsets[layer]; i < form.Offsets[layer + 1]; i++)
        {
            double value = score[i];
            for (int k = 0; k < lambda.Length; k++)
            {
                value += lambda[k] * form.Costs[k][i];
            }

            if (value < min)
            {
                (min, best) = (value, i);
            }
        }

        return min;
    }

    private static double Spread(PairwiseForm form, int layer, Func<int, double> value)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = form.Offsets[layer]; i < form.Offsets[layer + 1]; i++)
        {
            min = Math.Min(min, value(i));
            max = Math.Max(max, value(i));
        }

        return max - min;
    }
}
