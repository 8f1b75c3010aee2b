namespace Specialized.Allocator.Allocation;

/// <summary>
/// The uniform baseline: every layer at one width; when the budget lies between two weight widths, the split by
/// layer order that comes closest to the budget from below.
/// </summary>
/// <remarks>
/// For adjacent candidate weight widths lo &lt; hi, the first k layers (graph order) take hi and the rest lo; the
/// largest k that meets every budget wins, and the widest pair of widths with a feasible split is used. Wider
/// first is the usual practice (early layers are small and sensitive), and it needs no measurement, which is the
/// point of a baseline. Activations take the widest candidate width, or the widest one that lets the budgets
/// (BOPs) be met. Documented in docs/allocation.md.
/// </remarks>
public static class UniformAllocation
{
    /// <summary>The choices, or null when no uniform or split assignment meets the budgets.</summary>
    public static int[]? Choose(CandidatePrecisions candidates, CostModel costs, IReadOnlyList<BudgetLimit> budgets)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(budgets);
        int layers = costs.Layers.Count;
        var weights = candidates.WeightBits;
        foreach (int a in candidates.ActivationBits.Reverse())
        {
            for (int hi = weights.Count - 1; hi >= 0; hi--)
            {
                // All layers at weights[hi] (k = layers), else split with the next narrower width.
                int wide = candidates.IndexOf(weights[hi], a);
                int[] all = Enumerable.Repeat(wide, layers).ToArray();
                if (costs.Fits(budgets, all))
                {
                    return all;
                }

                if (hi == 0)
                {
                    break;
                }

                int narrow = candidates.IndexOf(weights[hi - 1], a);
                for (int k = layers - 1; k >= 1; k--)
                {
                    int[] split = Enumerable.Range(0, layers).Select(l => l < k ? wide : narrow).ToArray();
                    if (costs.Fits(budgets, split))
                    {
                        return split;
                    }
                }
            }
        }

        return null;
    }
}
