using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Tests.Solver;

public sealed class IqpSolverTests
{
    /// <summary>Absolute tolerance relative to the instance's magnitude, as the solver documents.</summary>
    private static double Tolerance(double[,] q, double[]? c) =>
        1e-8 * (1 + q.Cast<double>().Sum(Math.Abs) + (c?.Sum(Math.Abs) ?? 0));

    private static void AssertMatchesBruteForce(RandomInstance instance)
    {
        AssertMatchesBruteForce(instance, new SolverOptions());
        AssertMatchesBruteForce(instance with { Description = $"{instance.Description}, branch and bound alone" },
            new SolverOptions { SkipIncumbentHeuristic = true });
        AssertMatchesBruteForce(instance with { Description = $"{instance.Description}, branch and bound alone, terms not reparametrised" },
            new SolverOptions { SkipIncumbentHeuristic = true, DiffusionSweeps = 0 });
    }

    private static void AssertMatchesBruteForce(RandomInstance instance, SolverOptions options)
    {
        var problem = instance.ToProblem();
        var solution = IqpSolver.Solve(problem, options);
        double? expected = BruteForce.Minimum(instance.Options, instance.Q, instance.C, instance.Budgets);
        if (expected is null)
        {
            Assert.True(solution.Status == SolveStatus.Infeasible, $"{instance.Description}: brute force finds no feasible assignment, solver says {solution.Status}");
            Assert.Empty(solution.Choices);
            return;
        }

        Assert.True(solution.Status == SolveStatus.Optimal, $"{instance.Description}: expected Optimal, got {solution.Status}");
        Assert.True(problem.IsFeasible(solution.Choices), $"{instance.Description}: solution violates a budget");
        Assert.True(Math.Abs(solution.Objective - expected.Value) <= Tolerance(instance.Q, instance.C),
            $"{instance.Description}: brute force {expected.Value:R}, solver {solution.Objective:R} with [{string.Join(",", solution.Choices)}]");
    }

    [Fact]
    public void Matches_brute_force_on_240_random_instances_up_to_10_layers_by_3_options()
    {
        int infeasible = 0, budgeted = 0, largest = 0;
        for (int seed = 1; seed <= 240; seed++)
        {
            var instance = RandomInstance.Create(seed);
            AssertMatchesBruteForce(instance);
            infeasible += BruteForce.Minimum(instance.Options, instance.Q, instance.C, instance.Budgets) is null ? 1 : 0;
            budgeted += instance.Budgets.Length > 0 ? 1 : 0;
            largest = Math.Max(largest, instance.Options.Length);
        }

        // The generator must actually exercise what the test claims to cover.
        Assert.True(infeasible > 0 && budgeted > 100 && largest == 10, $"coverage: {infeasible} infeasible, {budgeted} with budgets, largest {largest} layers");
    }

    [Fact]
    public void Independent_baseline_with_diagonal_Q_is_an_exact_multiple_choice_knapsack()
    {
        for (int seed = 1000; seed < 1060; seed++)
        {
            var random = new Random(seed);
            var instance = RandomInstance.Create(seed);
            int n = instance.Options.Sum();
            var diagonal = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                diagonal[i, i] = random.NextDouble() * 10;
            }

            var budgets = instance.Budgets.Length > 0 ? instance.Budgets[..1] : instance.Budgets;
            AssertMatchesBruteForce(instance with { Description = $"knapsack {instance.Description}", Q = diagonal, C = null, Budgets = budgets });
        }
    }

    [Fact]
    public void Infeasible_budget_is_reported_without_throwing()
    {
        var problem = new AllocationProblem(new OptionLayout([2, 2]), new double[4, 4], null,
            [new Budget("size", [10, 20, 10, 20], 19)]);

        var solution = IqpSolver.Solve(problem);

        Assert.Equal(SolveStatus.Infeasible, solution.Status);
        Assert.False(solution.HasSolution);
        Assert.Equal(double.PositiveInfinity, solution.Objective);
    }

    [Fact]
    public void Single_layer_picks_the_smallest_diagonal_plus_linear_that_fits()
    {
        double[,] q = { { 5, 0, 0 }, { 0, 1, 0 }, { 0, 0, 3 } };
        var problem = new AllocationProblem(new OptionLayout([3]), q, [0, 2.5, 0], [new Budget("size", [1, 2, 3], 3)]);

        var solution = IqpSolver.Solve(problem);

        // Objectives: 5, 1 + 2.5 = 3.5, 3 → option 2.
        Assert.Equal(SolveStatus.Optimal, solution.Status);
        Assert.Equal([2], solution.Choices);
        Assert.Equal(3.0, solution.Objective);
        Assert.Equal([3L], solution.Costs);
    }

    [Fact]
    public void Budget_is_inclusive_when_the_optimum_costs_exactly_the_limit()
    {
        // Two layers, options (wide, narrow) costing (8, 2) each; loss 0 wide, 1 narrow, no interaction.
        // Limit 10 = 8 + 2 exactly: one layer stays wide. Layer 1's narrow option is worse (loss 3), so layer 0 narrows.
        double[,] q = { { 0, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 0, 0 }, { 0, 0, 0, 3 } };
        var problem = new AllocationProblem(new OptionLayout([2, 2]), q, null, [new Budget("size", [8, 2, 8, 2], 10)]);

        var solution = IqpSolver.Solve(problem);

        Assert.Equal(SolveStatus.Optimal, solution.Status);
        Assert.Equal([1, 0], solution.Choices);
        Assert.Equal([10L], solution.Costs);
        Assert.Equal(1.0, solution.Objective);
    }

    [Fact]
    public void All_options_with_identical_costs_make_the_budget_irrelevant()
    {
        for (int seed = 2000; seed < 2030; seed++)
        {
            var instance = RandomInstance.Create(seed, maxLayers: 8);
            int n = instance.Options.Sum();
            var flat = new long[n];
            Array.Fill(flat, 7);
            long total = 7L * instance.Options.Length;
            var within = instance with { Budgets = [(flat, total)] };
            var unconstrained = instance with { Budgets = [] };

            var a = IqpSolver.Solve(within.ToProblem());
            var b = IqpSolver.Solve(unconstrained.ToProblem());

            Assert.Equal(SolveStatus.Optimal, a.Status);
            Assert.True(Math.Abs(a.Objective - b.Objective) <= Tolerance(instance.Q, instance.C), $"{instance.Description}: {a.Objective} vs {b.Objective}");
            Assert.Equal(SolveStatus.Infeasible, IqpSolver.Solve((instance with { Budgets = [(flat, total - 1)] }).ToProblem()).Status);
            AssertMatchesBruteForce(within);
        }
    }

    [Fact]
    public void Ties_everywhere_still_prove_optimality()
    {
        var problem = new AllocationProblem(new OptionLayout(Enumerable.Repeat(3, 10).ToArray()), new double[30, 30]);

        var solution = IqpSolver.Solve(problem);

        Assert.Equal(SolveStatus.Optimal, solution.Status);
        Assert.Equal(0.0, solution.Objective);
        Assert.True(solution.NodesExplored <= 10, $"all-zero Q should prune at the root, explored {solution.NodesExplored}");
    }

    [Fact]
    public void Asymmetric_Q_is_solved_as_its_symmetric_part()
    {
        for (int seed = 3000; seed < 3040; seed++)
        {
            var instance = RandomInstance.Create(seed, maxLayers: 7);
            var random = new Random(seed);
            int n = instance.Options.Sum();
            var skewed = (double[,])instance.Q.Clone();
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double shift = random.NextDouble() - 0.5; // Q + S with S antisymmetric: xᵀSx = 0
                    skewed[i, j] += shift;
                    skewed[j, i] -= shift;
                }
            }

            AssertMatchesBruteForce(instance with { Q = skewed });
        }
    }

    [Fact]
    public void Is_deterministic()
    {
        var problem = RandomInstance.Create(77).ToProblem();

        var first = IqpSolver.Solve(problem);
        var second = IqpSolver.Solve(problem);

        Assert.Equal(first.Choices, second.Choices);
        Assert.Equal(first.NodesExplored, second.NodesExplored);
        Assert.Equal(first.Objective, second.Objective);
    }

    [Fact]
    public void Node_limit_returns_the_incumbent_unproven()
    {
        var instance = HardInstance(seed: 5);
        var limited = IqpSolver.Solve(instance, new SolverOptions { MaxNodes = 3 });

        Assert.Equal(SolveStatus.Feasible, limited.Status);
        Assert.False(limited.Optimal);
        Assert.True(limited.NodesExplored <= 3);
        Assert.True(instance.IsFeasible(limited.Choices));
        Assert.Equal(instance.Objective(limited.Choices), limited.Objective);
    }

    [Fact]
    public void Cancellation_returns_the_incumbent_unproven()
    {
        var instance = HardInstance(seed: 6);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var solution = IqpSolver.Solve(instance, cancellationToken: cancelled.Token);

        Assert.False(solution.Optimal);
        Assert.Equal(0, solution.NodesExplored);
        Assert.True(solution.Status is SolveStatus.Feasible or SolveStatus.NoSolutionFound, solution.Status.ToString());
    }

    [Fact]
    public void Time_limit_of_zero_returns_unproven()
    {
        var solution = IqpSolver.Solve(HardInstance(seed: 7), new SolverOptions { TimeLimit = TimeSpan.Zero });

        Assert.False(solution.Optimal);
    }

    [Fact]
    public void Rejects_malformed_problems_with_messages_naming_the_problem()
    {
        var layout = new OptionLayout([2, 1]);
        Assert.Contains("2×2", Assert.Throws<ArgumentException>(() => new AllocationProblem(layout, new double[2, 2])).Message);
        var nan = new double[3, 3];
        nan[1, 2] = double.NaN;
        Assert.Contains("Q[1,2]", Assert.Throws<ArgumentException>(() => new AllocationProblem(layout, nan)).Message);
        Assert.Contains("linear", Assert.Throws<ArgumentException>(() => new AllocationProblem(layout, new double[3, 3], new double[2])).Message);
        Assert.Contains("'size'", Assert.Throws<ArgumentException>(() => new AllocationProblem(layout, new double[3, 3], null, [new Budget("size", [1], 1)])).Message);
        Assert.Contains("layer 1", Assert.Throws<ArgumentException>(() => new OptionLayout([2, 0])).Message);
        Assert.Throws<ArgumentException>(() => new OptionLayout([]));
    }

    /// <summary>An indefinite 12-layer instance with a tight budget: enough nodes that limits bite.</summary>
    private static AllocationProblem HardInstance(int seed)
    {
        var random = new Random(seed);
        int layers = 12, n = layers * 3;
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                q[i, j] = q[j, i] = (random.NextDouble() * 2) - 1;
            }
        }

        var costs = Enumerable.Range(0, n).Select(i => (long)(2 << (i % 3))).ToArray(); // 2, 4, 8 bits
        return new AllocationProblem(new OptionLayout(Enumerable.Repeat(3, layers).ToArray()), q, null, [new Budget("size", costs, 4 * layers)]);
    }
}
