using Specialized.Allocator.Sensitivity;
using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Tests.Sensitivity;

/// <summary>
/// The check CLADO's own code failed: with no budget, the allocation must keep every layer at its widest (unperturbed)
/// option, even when noisy measurements are negative. See docs/allocation.md for the argument.
/// </summary>
public sealed class NoBudgetSanityTests
{
    private const int Seeds = 40;

    private static (PerturbationTable Table, int[] Options) NoisyInstance(int seed)
    {
        var random = new Random(seed);
        int[] options = Enumerable.Range(0, random.Next(3, 9)).Select(_ => random.Next(2, 4)).ToArray(); // e.g. {2,4,8} or {4,8}
        return (CladoMatrixBuilderTests.RandomTable(random, options, noise: 1.0), options);
    }

    [Fact]
    public void Default_policies_keep_every_layer_widest_on_noisy_instances_with_negative_estimates()
    {
        int negatives = 0;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var (table, options) = NoisyInstance(seed);
            var matrix = CladoMatrixBuilder.Build(table);
            negatives += matrix.Diagnostics.NegativeSingles.Count + matrix.Diagnostics.NegativePairCount;

            var solution = IqpSolver.Solve(matrix.ToProblem());

            Assert.Equal(SolveStatus.Optimal, solution.Status);
            Assert.True(solution.Choices.SequenceEqual(options.Select(count => count - 1)),
                $"seed {seed}: chose [{string.Join(",", solution.Choices)}] with predicted ΔL {solution.Objective}; widest is [{string.Join(",", options.Select(c => c - 1))}]");
            Assert.Equal(0, solution.Objective);
        }

        Assert.True(negatives > Seeds, $"the noise should produce negative estimates; only {negatives} in {Seeds} instances");
    }

    [Fact]
    public void Projection_alone_also_keeps_every_layer_widest()
    {
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var (table, options) = NoisyInstance(seed);
            var matrix = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { ClampNegative = false });

            var solution = IqpSolver.Solve(matrix.ToProblem());

            Assert.True(solution.Choices.SequenceEqual(options.Select(count => count - 1)), $"seed {seed}: chose [{string.Join(",", solution.Choices)}]");
        }
    }

    [Fact]
    public void Without_the_policies_noisy_estimates_do_steer_the_solution_away_from_widest()
    {
        // The check above has teeth: the raw matrix (what CLADO's pipeline fed its solver) fails it on these instances.
        int failures = 0;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var (table, options) = NoisyInstance(seed);
            var raw = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { ClampNegative = false, ProjectToPsd = false });

            var solution = IqpSolver.Solve(raw.ToProblem());

            failures += solution.Choices.SequenceEqual(options.Select(count => count - 1)) ? 0 : 1;
        }

        Assert.True(failures > Seeds / 4, $"only {failures} of {Seeds} raw instances left the widest allocation");
    }

    [Fact]
    public void Budgeted_solution_of_the_projected_matrix_matches_brute_force()
    {
        for (int seed = 1; seed <= 10; seed++)
        {
            var (table, options) = NoisyInstance(seed);
            var matrix = CladoMatrixBuilder.Build(table);
            var layout = table.Layout;
            var bits = new long[layout.VariableCount];
            for (int l = 0; l < options.Length; l++)
            {
                for (int s = 0; s < options[l]; s++)
                {
                    bits[layout.Index(l, s)] = 1000L * (l + 1) << (s + 1); // params × {2, 4, 8} bits
                }
            }

            long limit = Enumerable.Range(0, options.Length).Sum(l => 1000L * (l + 1) << options[l]) / 2;
            var solution = IqpSolver.Solve(matrix.ToProblem([new Budget("size", bits, limit)]));
            double? expected = Solver.BruteForce.Minimum(options, matrix.Values, null, [(bits, limit)]);

            Assert.NotNull(expected);
            Assert.True(Math.Abs(solution.Objective - expected.Value) <= 1e-9 * (1 + Math.Abs(expected.Value)), $"seed {seed}: {solution.Objective} vs {expected}");
        }
    }
}
