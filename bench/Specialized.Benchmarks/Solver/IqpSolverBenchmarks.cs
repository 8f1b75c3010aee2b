using BenchmarkDotNet.Attributes;
using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>Time to proven optimum of the synthetic allocation problems (<see cref="SyntheticAllocation"/>), seed 1.</summary>
[Config(typeof(ShortConfig))]
public class IqpSolverBenchmarks
{
    private AllocationProblem _problem = null!;

    [Params("ResNet18", "Sixty")]
    public string Shape { get; set; } = "ResNet18";

    [Params(true, false)]
    public bool Projected { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _problem = Shape == "ResNet18" ? SyntheticAllocation.ResNet18(1, Projected) : SyntheticAllocation.Sixty(1, Projected);

    [Benchmark]
    public bool Solve() => IqpSolver.Solve(_problem).Optimal;
}
