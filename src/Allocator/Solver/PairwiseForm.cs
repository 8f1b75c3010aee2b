namespace Specialized.Allocator.Solver;

/// <summary>
/// The objective of an <see cref="AllocationProblem"/> rewritten for one-hot x as
/// <c>Σ_l Unary[i_l] + Σ_{l&lt;m} Pair[i_l, i_m]</c>, with <c>Unary[i] = Q[i,i] + c[i]</c> and
/// <c>Pair[i,j] = Q[i,j] + Q[j,i]</c> between variables of different layers (0 within a layer). Flat arrays so the
/// search loops touch contiguous memory. The terms are then reparametrised by <see cref="MinSumDiffusion"/>: every
/// assignment keeps its objective, but the separable bounds of <see cref="BranchAndBound"/> get tighter.
/// </summary>
internal sealed class PairwiseForm
{
    /// <summary>Sweeps of <see cref="MinSumDiffusion"/> applied to the terms (0 keeps them as given).</summary>
    internal const int DefaultDiffusionSweeps = 30;

    public PairwiseForm(AllocationProblem problem, int diffusionSweeps = DefaultDiffusionSweeps)
    {
        DiffusionSweeps = diffusionSweeps;
        var layout = problem.Layout;
        Layers = layout.LayerCount;
        Variables = layout.VariableCount;
        Offsets = new int[Layers + 1];
        LayerOf = new int[Variables];
        for (int l = 0; l < Layers; l++)
        {
            Offsets[l + 1] = Offsets[l] + layout.OptionCount(l);
            Array.Fill(LayerOf, l, Offsets[l], Offsets[l + 1] - Offsets[l]);
        }

        int n = Variables;
        Unary = new double[n];
        Pair = new double[n * n];
        var q = problem.Quadratic;
        for (int i = 0; i < n; i++)
        {
            Unary[i] = q[i, i] + (problem.Linear?[i] ?? 0);
            for (int j = 0; j < n; j++)
            {
                Pair[(i * n) + j] = LayerOf[i] == LayerOf[j] ? 0 : q[i, j] + q[j, i];
            }
        }

        Scale = MagnitudeBound();
        MinSumDiffusion.Apply(Unary, Pair, Offsets, DiffusionSweeps);
        Scale = Math.Max(Scale, MagnitudeBound()); // rounding in either representation is relative to its entries

        // MinPair[i, m] = min over the options t of layer m of Pair[i, (m, t)]; 0 for i's own layer.
        MinPair = new double[n * Layers];
        for (int i = 0; i < n; i++)
        {
            for (int m = 0; m < Layers; m++)
            {
                if (m == LayerOf[i])
                {
                    continue;
                }

                double min = double.PositiveInfinity;
                for (int j = Offsets[m]; j < Offsets[m + 1]; j++)
                {
                    min = Math.Min(min, Pair[(i * n) + j]);
                }

                MinPair[(i * Layers) + m] = min;
            }
        }

        Costs = problem.Budgets.Select(b => b.Costs).ToArray();
        Limits = problem.Budgets.Select(b => b.Limit).ToArray();
    }

    public int Layers { get; }

    public int DiffusionSweeps { get; }

    public int Variables { get; }

    /// <summary>Offsets[l] is the first variable of layer l; Offsets[Layers] = Variables.</summary>
    public int[] Offsets { get; }

    public int[] LayerOf { get; }

    public double[] Unary { get; }

    /// <summary>Variables × Variables, row-major.</summary>
    public double[] Pair { get; }

    /// <summary>Variables × Layers, row-major.</summary>
    public double[] MinPair { get; }

    public long[][] Costs { get; }

    public long[] Limits { get; }

    /// <summary>An upper bound on |objective| of any assignment: Σ_l max|Unary| + Σ_{l&lt;m} max|Pair|.</summary>
    public double Scale { get; }

    /// <summary>The objective of a full assignment (variable index per layer), summed in layer order.</summary>
    public double Evaluate(int[] chosen)
    {
        double total = 0;
        for (int l = 0; l < chosen.Length; l++)
        {
            total += Unary[chosen[l]];
            for (int m = l + 1; m < chosen.Length; m++)
            {
                total += Pair[(chosen[l] * Variables) + chosen[m]];
            }
        }

        return total;
    }

    private double MagnitudeBound()
    {
        double total = 0;
        for (int l = 0; l < Layers; l++)
        {
            double unary = 0;
            for (int i = Offsets[l]; i < Offsets[l + 1]; i++)
            {
                unary = Math.Max(unary, Math.Abs(Unary[i]));
            }

            total += unary;
            for (int m = l + 1; m < Layers; m++)
            {
                double pair = 0;
                for (int i = Offsets[l]; i < Offsets[l + 1]; i++)
                {
                    for (int j = Offsets[m]; j < Offsets[m + 1]; j++)
                    {
                        pair = Math.Max(pair, Math.Abs(Pair[(i * Variables) + j]));
                    }
                }

                total += pair;
            }
        }

        return total;
    }
}
