namespace Specialized.Allocator.Solver;

/// <summary>Limits and tolerance of <see cref="IqpSolver"/>.</summary>
public sealed record SolverOptions
{
    /// <summary>Stop after this many branch-and-bound nodes (then the result is not proven optimal). Default: no limit.</summary>
    public long MaxNodes { get; init; } = long.MaxValue;

    /// <summary>Stop after this much wall-clock time (then the result is not proven optimal). Default: no limit.</summary>
    public TimeSpan TimeLimit { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// A node is pruned when its lower bound is within <c>RelativeTolerance × S</c> of the incumbent, where S bounds
    /// |objective| (Σ of the largest absolute terms). It absorbs floating-point rounding (the bound and the objective
    /// add the same numbers in different orders) and lets ties prune; "optimal" means optimal to this tolerance.
    /// Default 1e-10.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-10;

    /// <summary>
    /// Tests only: skip the local-search incumbent so branch and bound alone must find and prove the optimum
    /// (otherwise a good incumbent can hide an invalid bound on small instances).
    /// </summary>
    internal bool SkipIncumbentHeuristic { get; init; }

    /// <summary>Sweeps of the min-sum diffusion reparametrisation (tests and benchmarks compare 0 with the default).</summary>
    internal int DiffusionSweeps { get; init; } = PairwiseForm.DefaultDiffusionSweeps;
}
