using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Allocation;

/// <summary>The widths one method chose under one set of budgets.</summary>
/// <param name="Method">The method.</param>
/// <param name="Budgets">The budgets it had to meet (empty: unconstrained).</param>
/// <param name="Choices">Chosen candidate index per allocated layer (<see cref="CandidatePrecisions.Options"/>).</param>
/// <param name="Status">The solver's status; null for uniform, which needs no solver.</param>
/// <param name="NodesExplored">Branch-and-bound nodes (0 for uniform).</param>
/// <param name="SolveTime">Time to choose (solver wall time, matrix construction included).</param>
public sealed record AllocationDecision(
    AllocationMethod Method,
    IReadOnlyList<BudgetLimit> Budgets,
    int[] Choices,
    SolveStatus? Status,
    long NodesExplored,
    TimeSpan SolveTime)
{
    /// <summary>True for uniform (nothing to prove) and for a proven solver optimum.</summary>
    public bool Optimal => Status is null or SolveStatus.Optimal;
}
