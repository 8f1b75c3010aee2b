namespace Specialized.Allocator.Solver;

/// <summary>How a solve ended.</summary>
public enum SolveStatus
{
    /// <summary>The search finished: the solution is optimal (to <see cref="SolverOptions.RelativeTolerance"/>).</summary>
    Optimal,

    /// <summary>A node or time limit, or cancellation, stopped the search; the solution is the best found, not proven.</summary>
    Feasible,

    /// <summary>The search finished and no assignment satisfies the budgets.</summary>
    Infeasible,

    /// <summary>A limit or cancellation stopped the search before any feasible assignment was found.</summary>
    NoSolutionFound,
}

/// <summary>Result of <see cref="IqpSolver.Solve"/>.</summary>
/// <param name="Status">How the search ended.</param>
/// <param name="Choices">Chosen option per layer; empty when no feasible assignment is known.</param>
/// <param name="Objective">xᵀQx + cᵀx of <paramref name="Choices"/> (summed directly); +∞ when there is none.</param>
/// <param name="Costs">Total cost under each budget, in the problem's budget order; empty when there is no solution.</param>
/// <param name="NodesExplored">Branch-and-bound nodes visited (assignments of one more layer).</param>
/// <param name="Elapsed">Wall-clock time of the whole solve, incumbent heuristic included.</param>
public sealed record AllocationSolution(SolveStatus Status, int[] Choices, double Objective, long[] Costs, long NodesExplored, TimeSpan Elapsed)
{
    /// <summary>True when <see cref="Choices"/> is proven optimal.</summary>
    public bool Optimal => Status == SolveStatus.Optimal;

    /// <summary>True when <see cref="Choices"/> holds a feasible assignment.</summary>
    public bool HasSolution => Choices.Length > 0;
}
