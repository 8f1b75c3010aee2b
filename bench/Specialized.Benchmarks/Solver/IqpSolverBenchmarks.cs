using BenchmarkDotNet.Attributes;
using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>
/// Time to proven optimum of the ResNet-18-scale allocation problem (<see cref="SyntheticAllocation.ResNet18"/>:
/// 21 layers × {2, 4, 8} bits, budget 3.0 average bits) for three seeds, with and without the PSD projection.
/// The 60×4 problems are in the <c>solver</c> console mode only: they are not always proven within a time limit,
/// and a benchmark of a time-limited solve would only measure the limit.
/// </summary>
[Config(typeof(ShortConfig))]
public class IqpSolverBenchmarks
{
    private AllocationProblem _problem = null!;

    [Params(1, 2, 3)]
    public int Seed { get; set; }

    [Params(true, false)]
    public bool Projected { get; set; }

    [GlobalSetup]
    public void Setup() => _problem = SyntheticAllocation.ResNet18(Seed, Projected);

    [Benchmark]
    public bool Solve() => IqpSolver.Solve(_problem).Optimal;
}
