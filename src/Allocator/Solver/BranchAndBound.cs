namespace Specialized.Allocator.Solver;

/// <summary>
/// Depth-first branch and bound over layers, each node fixing one more layer's option: the free layer with the
/// largest regret (<see cref="SelectLayer"/>), options in increasing order of their bound score.
/// </summary>
/// <remarks>
/// <para>At depth d the layers order[0..d) are fixed (set A, cost <c>fixed</c>) and the rest (set U) are free. For every
/// variable i of a free layer the search keeps
/// <c>acc[i] = Unary[i] + Σ_{m∈A} Pair[i, chosen_m]</c> and <c>rest[i] = Σ_{m∈U, m≠layer(i)} min_t Pair[i, (m,t)]</c>.
/// Any completion i_l (l ∈ U) has objective
/// <c>fixed + Σ_{l∈U} acc[i_l] + Σ_{l&lt;m∈U} Pair[i_l, i_m]
///   = fixed + Σ_{l∈U} (acc[i_l] + ½ Σ_{m∈U, m≠l} Pair[i_l, i_m])
///   ≥ fixed + Σ_{l∈U} (acc[i_l] + ½ rest[i_l])
///   ≥ fixed + Σ_{l∈U} min_i (acc[i] + ½ rest[i])</c>,
/// splitting each free–free pair half to each endpoint and bounding each half by its endpoint's minimum — a valid
/// lower bound for any Q, PSD or not. With budgets, the same separable score is tightened by Lagrange multipliers
/// (<see cref="LagrangeMultipliers"/>): for λ ≥ 0, adding Σ_k λ_k (cost_k − remaining_k) ≤ 0 keeps it a lower bound;
/// the node bound is the best of λ = 0, the root's optimal λ, and λ re-optimised at the node by bisection.</para>
/// <para>Feasibility: a child is skipped when its cost plus the cheapest options of the other free layers exceeds a
/// budget. Both updates (acc, rest) cost O(N) per child, and the bound O(N) per λ tried (at most ~2 + budgets × 25).</para>
/// </remarks>
internal sealed class BranchAndBound
{
    private readonly PairwiseForm form;
    private readonly int[] order;
    private readonly double[][] lambdas;
    private readonly double tolerance;
    private readonly long maxNodes;
    private readonly Func<bool> stop;
    private readonly double[][] acc, rest;
    private readonly long[][] layerMinCost;  // [k][l] = min_i cost_k(l, i)
    private readonly long[] freeMinCost;     // [k] = Σ over free layers of layerMinCost[k][l]
    private readonly long[] used;
    private readonly int[] chosen;           // variable per layer (valid for fixed layers)
    private readonly double[] childScore;
    private readonly double[] zeroLambda, nodeLambda, bestLambda, slope;
    private const int BisectionSteps = 12;

    public BranchAndBound(PairwiseForm form, int[] order, double[] rootLambda, double tolerance, long maxNodes, Func<bool> stop)
    {
        this.form = form;
        this.order = (int[])order.Clone();
        this.tolerance = tolerance;
        this.maxNodes = maxNodes;
        this.stop = stop;
        lambdas = rootLambda.Any(v => v > 0) ? [new double[rootLambda.Length], rootLambda] : [new double[rootLambda.Length]];
        int n = form.Variables, layers = form.Layers;
        acc = new double[layers + 1][];
        rest = new double[layers + 1][];
        for (int d = 0; d <= layers; d++)
        {
            acc[d] = new double[n];
            rest[d] = new double[n];
        }

        Array.Copy(form.Unary, acc[0], n);
        Array.Copy(RootRest(form), rest[0], n);
        layerMinCost = new long[form.Limits.Length][];
        freeMinCost = new long[form.Limits.Length];
        for (int k = 0; k < layerMinCost.Length; k++)
        {
            layerMinCost[k] = new long[layers];
            for (int l = 0; l < layers; l++)
            {
                long min = long.MaxValue;
                for (int i = form.Offsets[l]; i < form.Offsets[l + 1]; i++)
                {
                    min = Math.Min(min, form.Costs[k][i]);
                }

                layerMinCost[k][l] = min;
                freeMinCost[k] = checked(freeMinCost[k] + min);
            }
        }

        used = new long[form.Limits.Length];
        chosen = new int[layers];
        childScore = new double[n];
        zeroLambda = new double[form.Limits.Length];
        nodeLambda = new double[form.Limits.Length];
        bestLambda = new double[form.Limits.Length];
        slope = new double[form.Limits.Length];
    }

    /// <summary>Incumbent variable per layer (null until one is known) and its objective.</summary>
    public int[]? Best { get; private set; }

    public double BestObjective { get; private set; } = double.PositiveInfinity;

    public long Nodes { get; private set; }

    /// <summary>True when the search ended early (limit or stop request), so the incumbent is not proven optimal.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>rest at the root: Σ over the other layers m of min_t Pair[i, (m, t)].</summary>
    public static double[] RootRest(PairwiseForm form)
    {
        var rest = new double[form.Variables];
        for (int i = 0; i < rest.Length; i++)
        {
            for (int m = 0; m < form.Layers; m++)
            {
                rest[i] += form.MinPair[(i * form.Layers) + m]; // 0 for i's own layer
            }
        }

        return rest;
    }

    public void Seed(int[] incumbent, double objective)
    {
        Best = (int[])incumbent.Clone();
        BestObjective = objective;
    }

    public void Run()
    {
        for (int k = 0; k < used.Length; k++)
        {
            if (freeMinCost[k] > form.Limits[k])
            {
                return; // even the cheapest option everywhere exceeds this budget: infeasible, no search needed
            }
        }

        Search(0, 0);
    }

    private void Search(int depth, double fixedCost)
    {
        if (depth == form.Layers)
        {
            if (fixedCost < BestObjective - tolerance)
            {
                Best = (int[])chosen.Clone();
                BestObjective = fixedCost;
            }

            return;
        }

        if (Bound(depth, fixedCost, BestObjective - tolerance) >= BestObjective - tolerance)
        {
            return;
        }

        SelectLayer(depth);
        int layer = order[depth], first = form.Offsets[layer], count = form.Offsets[layer + 1] - first;
        Span<int> options = stackalloc int[count];
        double[] a = acc[depth], r = rest[depth];
        double[] lambda = bestLambda;
        for (int s = 0; s < count; s++)
        {
            int i = first + s;
            options[s] = i;
            childScore[i] = a[i] + (0.5 * r[i]) + Penalty(lambda, i);
        }

        // Most promising option first, ties by option order: deterministic, and good incumbents early prune more.
        for (int x = 1; x < count; x++)
        {
            int v = options[x], y = x - 1;
            while (y >= 0 && childScore[options[y]] > childScore[v])
            {
                options[y + 1] = options[y];
                y--;
            }

            options[y + 1] = v;
        }

        foreach (int v in options)
        {
            if (Interrupted || !Fits(v))
            {
                continue;
            }

            if (Nodes >= maxNodes || ((Nodes & 1023) == 1023 && stop()))
            {
                Interrupted = true;
                return;
            }

            Nodes++;

            Descend(depth, v);
            chosen[layer] = v;
            for (int k = 0; k < used.Length; k++)
            {
                used[k] += form.Costs[k][v];
                freeMinCost[k] -= layerMinCost[k][layer];
            }

            Search(depth + 1, fixedCost + a[v]);
            for (int k = 0; k < used.Length; k++)
            {
                used[k] -= form.Costs[k][v];
                freeMinCost[k] += layerMinCost[k][layer];
            }
        }
    }

    /// <summary>
    /// Moves the free layer with the largest regret — the gap between its best and second-best option under the
    /// node's λ-weighted score — to position <paramref name="depth"/> of the order. Its other options then start
    /// with bounds raised by at least that gap, so they are the likeliest to be pruned at once. Only the order
    /// within the free suffix changes, so the set of free layers (all that acc, rest and the bound use) is intact.
    /// Ties keep the earlier layer in the current order (deterministic).
    /// </summary>
    private void SelectLayer(int depth)
    {
        double[] a = acc[depth], r = rest[depth];
        int best = depth;
        double bestRegret = double.NegativeInfinity;
        for (int j = depth; j < form.Layers; j++)
        {
            int m = order[j];
            double first = double.PositiveInfinity, second = double.PositiveInfinity;
            for (int i = form.Offsets[m]; i < form.Offsets[m + 1]; i++)
            {
                double value = a[i] + (0.5 * r[i]) + Penalty(bestLambda, i);
                if (value < first)
                {
                    (first, second) = (value, first);
                }
                else if (value < second)
                {
                    second = value;
                }
            }

            double regret = second - first; // +∞ for a one-option layer: fixing it costs no branching
            if (regret > bestRegret)
            {
                (bestRegret, best) = (regret, j);
            }
        }

        (order[depth], order[best]) = (order[best], order[depth]);
    }

    /// <summary>Whether fixing v still leaves room for the cheapest options of the other free layers under every budget.</summary>
    private bool Fits(int v)
    {
        int layer = form.LayerOf[v];
        for (int k = 0; k < used.Length; k++)
        {
            if (used[k] + form.Costs[k][v] + freeMinCost[k] - layerMinCost[k][layer] > form.Limits[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>acc and rest of depth + 1 after fixing variable v of layer order[depth].</summary>
    private void Descend(int depth, int v)
    {
        int n = form.Variables, layers = form.Layers, layer = order[depth];
        double[] a = acc[depth], r = rest[depth], a2 = acc[depth + 1], r2 = rest[depth + 1];
        for (int j = depth + 1; j < layers; j++)
        {
            int m = order[j];
            for (int i = form.Offsets[m]; i < form.Offsets[m + 1]; i++)
            {
                a2[i] = a[i] + form.Pair[(v * n) + i];
                r2[i] = r[i] - form.MinPair[(i * layers) + layer];
            }
        }
    }

    /// <summary>
    /// The node's lower bound: max of the Lagrangian dual D(λ) at λ = 0, at the root's λ, and at λ re-optimised for
    /// this node (each multiplier in turn by bisection on its subgradient, the others held). Returns as soon as a
    /// value reaches <paramref name="cutoff"/>, since the node is then pruned anyway.
    /// </summary>
    private double Bound(int depth, double fixedCost, double cutoff)
    {
        double best = Dual(depth, fixedCost, zeroLambda);
        Array.Clear(bestLambda);
        if (used.Length == 0 || best >= cutoff)
        {
            return best;
        }

        Array.Copy(lambdas[^1], nodeLambda, nodeLambda.Length);
        Keep(ref best, Dual(depth, fixedCost, nodeLambda));
        for (int k = 0; k < nodeLambda.Length && best < cutoff; k++)
        {
            nodeLambda[k] = 0;
            Keep(ref best, Dual(depth, fixedCost, nodeLambda));
            if (slope[k] <= 0)
            {
                continue; // D is concave in λ_k: non-increasing from 0, so λ_k = 0 is its maximum
            }

            double lo = 0, hi = Math.Max(lambdas[^1][k], 1e-300);
            for (int grow = 0; grow < 60; grow++)
            {
                nodeLambda[k] = hi;
                Keep(ref best, Dual(depth, fixedCost, nodeLambda));
                if (slope[k] <= 0 || best >= cutoff)
                {
                    break;
                }

                (lo, hi) = (hi, hi * 4);
            }

            for (int step = 0; step < BisectionSteps && best < cutoff; step++)
            {
                nodeLambda[k] = 0.5 * (lo + hi);
                Keep(ref best, Dual(depth, fixedCost, nodeLambda));
                if (slope[k] > 0)
                {
                    lo = nodeLambda[k];
                }
                else
                {
                    hi = nodeLambda[k];
                }
            }
        }

        return best;
    }

    /// <summary>Keeps the larger bound, and the λ that gave it in <see cref="bestLambda"/>.</summary>
    private void Keep(ref double best, double candidate)
    {
        if (candidate > best)
        {
            best = candidate;
            Array.Copy(nodeLambda, bestLambda, bestLambda.Length);
        }
    }

    /// <summary>D(λ) over the free layers; fills <see cref="slope"/> with its subgradient Σ cost_k(argmin) − remaining_k.</summary>
    private double Dual(int depth, double fixedCost, double[] lambda)
    {
        double[] a = acc[depth], r = rest[depth];
        double bound = fixedCost;
        for (int k = 0; k < lambda.Length; k++)
        {
            bound -= lambda[k] * (form.Limits[k] - used[k]);
            slope[k] = used[k] - form.Limits[k];
        }

        for (int j = depth; j < form.Layers; j++)
        {
            int m = order[j], argmin = form.Offsets[m];
            double min = double.PositiveInfinity;
            for (int i = form.Offsets[m]; i < form.Offsets[m + 1]; i++)
            {
                double value = a[i] + (0.5 * r[i]) + Penalty(lambda, i);
                if (value < min)
                {
                    (min, argmin) = (value, i);
                }
            }

            bound += min;
            for (int k = 0; k < lambda.Length; k++)
            {
                slope[k] += form.Costs[k][argmin];
            }
        }

        return bound;
    }

    private double Penalty(double[] lambda, int i)
    {
        double total = 0;
        for (int k = 0; k < lambda.Length; k++)
        {
            total += lambda[k] * form.Costs[k][i];
        }

        return total;
    }
}
