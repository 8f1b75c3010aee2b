namespace Specialized.Allocator.Solver;

/// <summary>
/// Choose exactly one option per layer (a one-hot vector x over the variables of <see cref="Layout"/>) to minimise
/// <c>xᵀ Q x + cᵀ x</c> subject to every <see cref="Budget"/>.
/// </summary>
/// <remarks>
/// Q need not be symmetric nor positive semidefinite: only xᵀQx matters, which equals xᵀ·½(Q + Qᵀ)·x, and for a
/// one-hot x it is Σ_l Q[i_l, i_l] + Σ_{l≠m} Q[i_l, i_m] with i_l the chosen variable of layer l. Entries between two
/// options of the same layer (other than the diagonal) therefore never contribute and are ignored.
/// The constructor copies nothing: do not change the arrays while a solver runs.
/// </remarks>
public sealed class AllocationProblem
{
    /// <param name="layout">Layers and options.</param>
    /// <param name="quadratic">Q, N × N with N = <see cref="OptionLayout.VariableCount"/>; finite entries.</param>
    /// <param name="linear">c, length N, finite; null means zero.</param>
    /// <param name="budgets">Constraints, each with N costs; empty means unconstrained.</param>
    /// <exception cref="ArgumentException">A dimension does not match the layout, or an entry is NaN or infinite.</exception>
    public AllocationProblem(OptionLayout layout, double[,] quadratic, double[]? linear = null, IReadOnlyList<Budget>? budgets = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(quadratic);
        int n = layout.VariableCount;
        if (quadratic.GetLength(0) != n || quadratic.GetLength(1) != n)
        {
            throw new ArgumentException($"Q is {quadratic.GetLength(0)}×{quadratic.GetLength(1)} but the layout has {n} variables", nameof(quadratic));
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(quadratic[i, j]))
                {
                    throw new ArgumentException($"Q[{i},{j}] is {quadratic[i, j]}; entries must be finite", nameof(quadratic));
                }
            }
        }

        if (linear is not null)
        {
            if (linear.Length != n)
            {
                throw new ArgumentException($"the linear term has {linear.Length} entries but the layout has {n} variables", nameof(linear));
            }

            int bad = Array.FindIndex(linear, v => !double.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"linear term entry {bad} is {linear[bad]}; entries must be finite", nameof(linear));
            }
        }

        budgets ??= [];
        foreach (var budget in budgets)
        {
            ArgumentNullException.ThrowIfNull(budget, nameof(budgets));
            if (budget.Costs is null || budget.Costs.Length != n)
            {
                throw new ArgumentException($"budget '{budget.Name}' has {budget.Costs?.Length ?? 0} costs but the layout has {n} variables", nameof(budgets));
            }
        }

        Layout = layout;
        Quadratic = quadratic;
        Linear = linear;
        Budgets = budgets;
    }

    public OptionLayout Layout { get; }

    /// <summary>Q (N × N).</summary>
    public double[,] Quadratic { get; }

    /// <summary>c (length N), or null for zero.</summary>
    public double[]? Linear { get; }

    public IReadOnlyList<Budget> Budgets { get; }

    /// <summary>xᵀQx + cᵀx for the one-hot x selecting option <c>choices[l]</c> of every layer l, summed directly.</summary>
    /// <exception cref="ArgumentException">Wrong number of choices, or an option out of range.</exception>
    public double Objective(IReadOnlyList<int> choices)
    {
        int[] index = Indices(choices);
        double total = 0;
        for (int a = 0; a < index.Length; a++)
        {
            total += Linear is null ? 0 : Linear[index[a]];
            for (int b = 0; b < index.Length; b++)
            {
                total += Quadratic[index[a], index[b]];
            }
        }

        return total;
    }

    /// <summary>Total cost of <paramref name="choices"/> under budget <paramref name="budget"/>.</summary>
    public long Cost(int budget, IReadOnlyList<int> choices)
    {
        long total = 0;
        foreach (int i in Indices(choices))
        {
            total = checked(total + Budgets[budget].Costs[i]);
        }

        return total;
    }

    /// <summary>True when <paramref name="choices"/> satisfies every budget (≤, inclusive).</summary>
    public bool IsFeasible(IReadOnlyList<int> choices)
    {
        for (int k = 0; k < Budgets.Count; k++)
        {
            if (Cost(k, choices) > Budgets[k].Limit)
            {
                return false;
            }
        }

        return true;
    }

    private int[] Indices(IReadOnlyList<int> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count != Layout.LayerCount)
        {
            throw new ArgumentException($"{choices.Count} choices given for {Layout.LayerCount} layers", nameof(choices));
        }

        var index = new int[choices.Count];
        for (int l = 0; l < index.Length; l++)
        {
            index[l] = Layout.Index(l, choices[l]);
        }

        return index;
    }
}
