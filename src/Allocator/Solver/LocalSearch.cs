namespace Specialized.Allocator.Solver;

/// <summary>
/// The initial incumbent for branch and bound: a few deterministic starting points, made feasible by a greedy repair,
/// then improved by single-layer and two-layer moves that keep every budget until no move improves. Not optimal in
/// general; it only has to make pruning strong from the first node.
/// </summary>
internal sealed class LocalSearch
{
    private readonly PairwiseForm form;
    private readonly Func<bool> stop;
    private readonly int[] chosen;      // variable index per layer
    private readonly double[] field;    // field[i] = Unary[i] + Σ_{m ≠ layer(i)} Pair[i, chosen[m]]
    private readonly long[] used;       // cost per budget

    private LocalSearch(PairwiseForm form, Func<bool> stop)
    {
        this.form = form;
        this.stop = stop;
        chosen = new int[form.Layers];
        field = new double[form.Variables];
        used = new long[form.Limits.Length];
    }

    /// <summary>
    /// The best feasible assignment found (variable index per layer) and its objective, or null when no start could
    /// be repaired into a feasible one. Each of <paramref name="startScores"/> is a per-variable score (e.g. bound
    /// score plus λ·cost) whose per-layer minimiser is one starting point.
    /// </summary>
    public static (int[] Chosen, double Objective)? Run(PairwiseForm form, IEnumerable<double[]> startScores, Func<bool> stop)
    {
        var search = new LocalSearch(form, stop);
        (int[], double)? best = null;
        foreach (var start in Starts(form, startScores))
        {
            search.Load(start);
            if (!search.Repair())
            {
                continue;
            }

            search.Improve();
            double objective = form.Evaluate(search.chosen);
            if (best is null || objective < best.Value.Item2)
            {
                best = ((int[])search.chosen.Clone(), objective);
            }
        }

        return best;
    }

    private static IEnumerable<int[]> Starts(PairwiseForm form, IEnumerable<double[]> startScores)
    {
        foreach (double[] score in startScores)
        {
            yield return PerLayerMinimum(form, i => score[i]);
        }

        yield return PerLayerMinimum(form, i => form.Unary[i]);
        if (form.Limits.Length > 0)
        {
            // Cheapest by budget-normalised cost: the start most likely to be feasible.
            yield return PerLayerMinimum(form, i =>
            {
                double total = 0;
                for (int k = 0; k < form.Limits.Length; k++)
                {
                    total += form.Costs[k][i] / Math.Max(1.0, Math.Abs((double)form.Limits[k]));
                }

                return total;
            });
        }
    }

    private static int[] PerLayerMinimum(PairwiseForm form, Func<int, double> value)
    {
        var chosen = new int[form.Layers];
        for (int l = 0; l < form.Layers; l++)
        {
            chosen[l] = form.Offsets[l];
            for (int i = form.Offsets[l] + 1; i < form.Offsets[l + 1]; i++)
            {
                if (value(i) < value(chosen[l]))
                {
                    chosen[l] = i;
                }
            }
        }

        return chosen;
    }

    private void Load(int[] start)
    {
        Array.Copy(start, chosen, chosen.Length);
        Array.Copy(form.Unary, field, field.Length);
        Array.Clear(used);
        for (int l = 0; l < form.Layers; l++)
        {
            AddInfluence(chosen[l], +1);
            for (int k = 0; k < used.Length; k++)
            {
                used[k] += form.Costs[k][chosen[l]];
            }
        }
    }

    /// <summary>Adds sign × Pair[·, v] to the field of every variable outside v's layer.</summary>
    private void AddInfluence(int v, int sign)
    {
        int n = form.Variables, layer = form.LayerOf[v];
        for (int i = 0; i < n; i++)
        {
            if (form.LayerOf[i] != layer)
            {
                field[i] += sign * form.Pair[(v * n) + i];
            }
        }
    }

    private void Move(int layer, int to)
    {
        int from = chosen[layer];
        AddInfluence(from, -1);
        AddInfluence(to, +1);
        for (int k = 0; k < used.Length; k++)
        {
            used[k] += form.Costs[k][to] - form.Costs[k][from];
        }

        chosen[layer] = to;
    }

    private double Violation(long[] cost)
    {
        double total = 0;
        for (int k = 0; k < cost.Length; k++)
        {
            total += Math.Max(0, cost[k] - form.Limits[k]) / Math.Max(1.0, Math.Abs((double)form.Limits[k]));
        }

        return total;
    }

    /// <summary>Greedy: while a budget is exceeded, take the single-layer move with the least objective increase per unit of violation removed.</summary>
    private bool Repair()
    {
        var trial = new long[used.Length];
        while (Violation(used) > 0)
        {
            double current = Violation(used), bestRatio = double.PositiveInfinity;
            (int Layer, int To) best = (-1, -1);
            for (int l = 0; l < form.Layers; l++)
            {
                for (int i = form.Offsets[l]; i < form.Offsets[l + 1]; i++)
                {
                    for (int k = 0; k < used.Length; k++)
                    {
                        trial[k] = used[k] + form.Costs[k][i] - form.Costs[k][chosen[l]];
                    }

                    double reduction = current - Violation(trial);
                    if (reduction > 0)
                    {
                        double ratio = (field[i] - field[chosen[l]]) / reduction;
                        if (ratio < bestRatio)
                        {
                            (bestRatio, best) = (ratio, (l, i));
                        }
                    }
                }
            }

            if (best.Layer < 0)
            {
                return false;
            }

            Move(best.Layer, best.To);
        }

        return true;
    }

    private bool Fits(int layerA, int toA, int layerB, int toB)
    {
        for (int k = 0; k < used.Length; k++)
        {
            long cost = used[k] + form.Costs[k][toA] - form.Costs[k][chosen[layerA]];
            if (layerB >= 0)
            {
                cost += form.Costs[k][toB] - form.Costs[k][chosen[layerB]];
            }

            if (cost > form.Limits[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>First-improvement descent over one-layer and two-layer moves that stay feasible.</summary>
    private void Improve()
    {
        const double Gain = 1e-12; // strictly better by more than rounding, so the loop terminates
        double threshold = -Gain * Math.Max(1, form.Scale);
        bool improved = true;
        int n = form.Variables;
        while (improved && !stop())
        {
            improved = false;
            for (int l = 0; l < form.Layers; l++)
            {
                for (int i = form.Offsets[l]; i < form.Offsets[l + 1]; i++)
                {
                    if (i != chosen[l] && field[i] - field[chosen[l]] < threshold && Fits(l, i, -1, -1))
                    {
                        Move(l, i);
                        improved = true;
                    }
                }
            }

            for (int l = 0; l < form.Layers && !improved; l++)
            {
                for (int m = l + 1; m < form.Layers && !improved; m++)
                {
                    int a = chosen[l], b = chosen[m];
                    for (int s = form.Offsets[l]; s < form.Offsets[l + 1] && !improved; s++)
                    {
                        for (int t = form.Offsets[m]; t < form.Offsets[m + 1] && !improved; t++)
                        {
                            if (s == a || t == b)
                            {
                                continue; // single-layer moves are covered above
                            }

                            double delta = field[s] - field[a] + field[t] - field[b]
                                + form.Pair[(s * n) + t] - form.Pair[(s * n) + b] - form.Pair[(a * n) + t] + form.Pair[(a * n) + b];
                            if (delta < threshold && Fits(l, s, m, t))
                            {
                                Move(l, s);
                                Move(m, t);
                                improved = true;
                            }
                        }
                    }
                }
            }
        }
    }
}
