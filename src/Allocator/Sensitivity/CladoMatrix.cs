using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Sensitivity;

/// <summary>
/// The symmetric CLADO matrix C over all (layer, option) variables, scaled so that for the one-hot x of an assignment
/// <c>xᵀCx = Σ_l ΔL_l + Σ_{l&lt;m} Ω_lm</c>, the predicted loss increase itself:
/// <c>C[i,i] = ΔL(i)</c> and <c>C[i,j] = C[j,i] = ½ Ω(i, j)</c> for variables of different layers, 0 within a layer.
/// (CLADO's code uses 2·ΔL and Ω, i.e. 2C: same minimiser, same PSD projection up to the factor.)
/// </summary>
/// <param name="Layout">Variable numbering.</param>
/// <param name="Values">C, N × N (after the policies and the optional projection).</param>
/// <param name="Singles">ΔL per variable after clamping and monotonicity, before projection.</param>
/// <param name="Diagnostics">What the policies changed.</param>
public sealed record CladoMatrix(OptionLayout Layout, double[,] Values, double[] Singles, CladoDiagnostics Diagnostics)
{
    /// <summary>The allocation problem minimising xᵀCx under <paramref name="budgets"/>.</summary>
    public AllocationProblem ToProblem(IReadOnlyList<Budget>? budgets = null) => new(Layout, Values, null, budgets);

    /// <summary>xᵀCx for the assignment choosing option <c>choices[l]</c> of every layer: the predicted ΔL.</summary>
    public double PredictedLoss(IReadOnlyList<int> choices) => ToProblem().Objective(choices);
}
