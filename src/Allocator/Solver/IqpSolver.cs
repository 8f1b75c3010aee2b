using System.Diagnostics;

namespace Specialized.Allocator.Solver;

/// <summary>
/// Exact solver for <see cref="AllocationProblem"/>: minimise xᵀQx + cᵀx over one option per layer subject to the
/// budgets, for any Q (not only positive semidefinite). Local search gives an incumbent; branch and bound with a
/// proven lower bound (<see cref="BranchAndBound"/>) then either improves it or proves it optimal.
/// Deterministic: the same problem gives the same answer and node count.
/// </summary>
public static class IqpSolver
{
    /// <summary>Solves <paramref name="problem"/>.</summary>
    /// <remarks>
    /// Never throws for an infeasible budget (<see cref="SolveStatus.Infeasible"/>), a limit, or cancellation: the
    /// last two return the best assignment found with <see cref="SolveStatus.Feasible"/> (or
    /// <see cref="SolveStatus.NoSolutionFound"/>).
    /// </remarks>
    public static AllocationSolution Solve(AllocationProblem problem, SolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new SolverOptions();
        var clock = Stopwatch.StartNew();
        bool Stop() => cancellationToken.IsCancellationRequested
            || (options.TimeLimit != Timeout.InfiniteTimeSpan && clock.Elapsed >= options.TimeLimit);

        var form = new PairwiseForm(problem, options.DiffusionSweeps);
        var (lambda, lagrangeScore) = LagrangeScore(form);

        // Local search is started from the per-layer minimisers of both representations (reparametrised and as
        // given): they are different guesses of the same problem, and a better incumbent prunes more.
        var starts = new List<double[]> { lagrangeScore };
        if (options.DiffusionSweeps > 0)
        {
            var plain = new PairwiseForm(problem, 0);
            starts.Add(LagrangeScore(plain).Score);
            starts.Add(plain.Unary);
        }

        var search = new BranchAndBound(form, LayerOrder(form, lagrangeScore), lambda,
            options.RelativeTolerance * form.Scale, options.MaxNodes, Stop);
        if (!options.SkipIncumbentHeuristic && LocalSearch.Run(form, starts, Stop) is { } start)
        {
            search.Seed(start.Chosen, start.Objective);
        }

        bool stopped = Stop();
        if (!stopped)
        {
            search.Run();
            stopped = search.Interrupted;
        }

        clock.Stop();
        if (search.Best is not { } best)
        {
            return new AllocationSolution(stopped ? SolveStatus.NoSolutionFound : SolveStatus.Infeasible, [], double.PositiveInfinity, [], search.Nodes, clock.Elapsed);
        }

        var choices = new int[best.Length];
        for (int l = 0; l < best.Length; l++)
        {
            choices[l] = best[l] - form.Offsets[l];
        }

        var costs = new long[problem.Budgets.Count];
        for (int k = 0; k < costs.Length; k++)
        {
            costs[k] = problem.Cost(k, choices);
        }

        return new AllocationSolution(stopped ? SolveStatus.Feasible : SolveStatus.Optimal, choices, problem.Objective(choices), costs, search.Nodes, clock.Elapsed);
    }

    /// <summary>
    /// The root's separable score Unary + ½·rest, the budget multipliers that maximise its Lagrangian bound, and the
    /// score with the multiplied costs added (whose per-layer minimiser is the relaxation's solution).
    /// </summary>
    private static (double[] Lambda, double[] Score) LagrangeScore(PairwiseForm form)
    {
        double[] score = BranchAndBound.RootRest(form);
        for (int i = 0; i < score.Length; i++)
        {
            score[i] = form.Unary[i] + (0.5 * score[i]);
        }

        double[] lambda = LagrangeMultipliers.Maximise(form, score);
        for (int i = 0; i < score.Length; i++)
        {
            for (int k = 0; k < lambda.Length; k++)
            {
                score[i] += lambda[k] * form.Costs[k][i];
            }
        }

        return (lambda, score);
    }

    /// <summary>
    /// Layers whose choice matters most go first: largest spread of the (λ-weighted) separable score over the options
    /// plus the largest absolute interaction with the other layers. Ties keep layer order.
    /// </summary>
    private static int[] LayerOrder(PairwiseForm form, double[] lagrangeScore)
    {
        var weight = new double[form.Layers];
        int n = form.Variables;
        for (int l = 0; l < form.Layers; l++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = form.Offsets[l]; i < form.Offsets[l + 1]; i++)
            {
                min = Math.Min(min, lagrangeScore[i]);
                max = Math.Max(max, lagrangeScore[i]);
                for (int j = 0; j < n; j++)
                {
                    weight[l] += Math.Abs(form.Pair[(i * n) + j]) / (form.Offsets[l + 1] - form.Offsets[l]);
                }
            }

            weight[l] += max - min;
        }

        return Enumerable.Range(0, form.Layers).OrderByDescending(l => weight[l]).ThenBy(l => l).ToArray();
    }
}
