using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>
/// <c>dotnet run -c Release --project bench/Specialized.Benchmarks -- solver [seeds]</c>: time to proven optimum of
/// the synthetic allocation problems, one solve per seed, median and min–max over seeds.
/// </summary>
public static class SolverQuick
{
    public static void Run(int seeds)
    {
        Console.WriteLine($"IQP solver, {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, {seeds} seeds each (time limit 60 s per solve)");
        Console.WriteLine("problem                          median ms  (min–max)            median nodes  (min–max)          optimal");
        var cases = new (string Name, Func<int, AllocationProblem> Create)[]
        {
            ("ResNet-18 21×3, PSD", seed => SyntheticAllocation.ResNet18(seed)),
            ("ResNet-18 21×3, not projected", seed => SyntheticAllocation.ResNet18(seed, project: false)),
            ("60×4, PSD", seed => SyntheticAllocation.Sixty(seed)),
            ("60×4, not projected", seed => SyntheticAllocation.Sixty(seed, project: false)),
        };
        foreach (var (name, create) in cases)
        {
            IqpSolver.Solve(create(0)); // warm-up (JIT)
            var times = new double[seeds];
            var nodes = new long[seeds];
            int optimal = 0;
            for (int seed = 1; seed <= seeds; seed++)
            {
                var solution = IqpSolver.Solve(create(seed), new SolverOptions { TimeLimit = TimeSpan.FromSeconds(60) });
                times[seed - 1] = solution.Elapsed.TotalMilliseconds;
                nodes[seed - 1] = solution.NodesExplored;
                optimal += solution.Optimal ? 1 : 0;
            }

            Array.Sort(times);
            Array.Sort(nodes);
            Console.WriteLine($"  {name,-30} {times[seeds / 2],9:F1}  ({times[0]:F1}–{times[^1]:F1}){"",-6} {nodes[seeds / 2],12}  ({nodes[0]}–{nodes[^1]}){"",-6} {optimal}/{seeds}");
        }
    }
}
