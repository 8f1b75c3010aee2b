using BenchmarkDotNet.Attributes;
using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>
/// Time to proven optimum of the synthetic allocation problems (<see cref="SyntheticAllocation"/>), seed 1. The
/// 60×4 case uses interactions between layers at most 3 apart: with all pairs it is not proven within minutes
/// (see docs/PERFORMANCE.md, "IQP solver").
/// </summary>
[Config(typeof(ShortConfig))]
public class IqpSolverBenchmarks
{
    private AllocationProblem _problem = null!;

    [Params("ResNet18", "SixtyReach3")]
    public string Shape { get; set; } = "ResNet18";

    [Params(true, false)]
    public bool Projected { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _problem = Shape == "ResNet18" ? SyntheticAllocation.ResNet18(1, Projected) : SyntheticAllocation.Sixty(1, Projected, reach: 3);

    [Benchmark]
    public bool Solve() => IqpSolver.Solve(_problem).Optimal;
}
