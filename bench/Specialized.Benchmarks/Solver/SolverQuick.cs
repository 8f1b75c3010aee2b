using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- solver [seeds] [limitSeconds]</c>: time to
/// proven optimum of the synthetic allocation problems (<see cref="SyntheticAllocation"/>), one solve per seed
/// (seeds 1..n; the 60×4 all-pairs cases use at most 3 seeds), median and min–max over seeds. A solve that hits the
/// time limit (default 10 s) counts as not optimal and contributes the limit to the times.
/// </summary>
public static class SolverQuick
{
    public static void Run(int seeds, double limitSeconds)
    {
        Console.WriteLine($"IQP solver, {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, time limit {limitSeconds} s per solve");
        Console.WriteLine("problem                                 seeds  median ms  (min–max)              median nodes  (min–max)              optimal");
        var cases = new (string Name, int Seeds, Func<int, AllocationProblem> Create)[]
        {
            ("ResNet-18 21×3, PSD", seeds, seed => SyntheticAllocation.ResNet18(seed)),
            ("ResNet-18 21×3, not projected", seeds, seed => SyntheticAllocation.ResNet18(seed, project: false)),
            ("60×4, independent (Ω = 0)", seeds, seed => SyntheticAllocation.Sixty(seed, reach: 0)),
            ("60×4, reach 3, PSD", seeds, seed => SyntheticAllocation.Sixty(seed, reach: 3)),
            ("60×4, reach 3, not projected", seeds, seed => SyntheticAllocation.Sixty(seed, project: false, reach: 3)),
            ("60×4, all pairs, PSD", Math.Min(seeds, 3), seed => SyntheticAllocation.Sixty(seed)),
            ("60×4, all pairs, not projected", Math.Min(seeds, 3), seed => SyntheticAllocation.Sixty(seed, project: false)),
        };
        IqpSolver.Solve(SyntheticAllocation.ResNet18(0)); // warm-up (JIT)
        var options = new SolverOptions { TimeLimit = TimeSpan.FromSeconds(limitSeconds) };
        foreach (var (name, count, create) in cases)
        {
            var times = new double[count];
            var nodes = new long[count];
            int optimal = 0;
            for (int seed = 1; seed <= count; seed++)
            {
                var solution = IqpSolver.Solve(create(seed), options);
                times[seed - 1] = solution.Elapsed.TotalMilliseconds;
                nodes[seed - 1] = solution.NodesExplored;
                optimal += solution.Optimal ? 1 : 0;
            }

            Array.Sort(times);
            Array.Sort(nodes);
            Console.WriteLine($"  {name,-38} {count,5} {times[count / 2],10:F1}  {$"({times[0]:F1}–{times[^1]:F1})",-22} {nodes[count / 2],12}  {$"({nodes[0]}–{nodes[^1]})",-22} {optimal}/{count}");
        }
    }
}
