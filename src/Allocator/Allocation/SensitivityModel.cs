using System.Diagnostics;
using Specialized.Allocator.Sensitivity;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Allocation;

/// <summary>
/// The measured perturbations turned into the matrices the methods solve: CLADO's (interactions, clamped negative
/// estimates, PSD projection) and the independent baseline's (diagonal only). The widest candidate is the reference
/// every loss is relative to: it is declared unperturbed (ΔL = 0, Ω = 0) rather than measured, which is what makes
/// "no budget ⇒ widest everywhere" hold exactly (docs/allocation.md).
/// </summary>
public sealed class SensitivityModel
{
    /// <param name="measured">Singles (and pairs, for CLADO) of every candidate but the widest, in candidate order.</param>
    /// <param name="projectToPsd">Project CLADO's matrix onto the PSD cone (off: CLADO solves <see cref="Predictor"/>).</param>
    public SensitivityModel(SensitivityTable measured, CandidatePrecisions candidates, bool projectToPsd = true)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(candidates);
        if (!measured.Options.SequenceEqual(candidates.Options.Take(candidates.Widest)))
        {
            throw new ArgumentException($"measured options {string.Join(", ", measured.Options)} are not the candidates without the widest", nameof(measured));
        }

        Measured = measured;
        Candidates = candidates;
        int layers = measured.Layers.Count;
        Layout = new OptionLayout(Enumerable.Repeat(candidates.Options.Count, layers).ToArray());
        Table = new PerturbationTable(Layout);
        for (int l = 0; l < layers; l++)
        {
            Table.SetUnperturbed(l, candidates.Widest);
            for (int s = 0; s < candidates.Widest; s++)
            {
                Table.SetSingle(l, s, measured.Single(l, s));
                for (int m = l + 1; m < layers && measured.HasPairs; m++)
                {
                    for (int t = 0; t < candidates.Widest; t++)
                    {
                        Table.SetPair(l, s, m, t, measured.Pair(l, s, m, t));
                    }
                }
            }
        }

        Independent = CladoMatrixBuilder.Build(Table, new CladoMatrixOptions { Interactions = false });
        if (measured.HasPairs)
        {
            Predictor = CladoMatrixBuilder.Build(Table, new CladoMatrixOptions { ProjectToPsd = false });
            Clado = projectToPsd ? CladoMatrixBuilder.Build(Table) : Predictor;
        }
    }

    public SensitivityTable Measured { get; }

    public CandidatePrecisions Candidates { get; }

    public OptionLayout Layout { get; }

    public PerturbationTable Table { get; }

    /// <summary>Diagonal matrix of the independent baseline.</summary>
    public CladoMatrix Independent { get; }

    /// <summary>CLADO's matrix; null when only singles were measured.</summary>
    public CladoMatrix? Clado { get; }

    /// <summary>
    /// The second-order model before projection (clamped singles and pairs, Ω included): its xᵀCx reproduces every
    /// measured pair, so it is the fairest common yardstick for the predicted ΔL of any method's choice.
    /// </summary>
    public CladoMatrix? Predictor { get; }

    /// <summary>The diagnostics to report: CLADO's when pairs were measured, else the independent matrix's.</summary>
    public CladoDiagnostics Diagnostics => (Clado ?? Independent).Diagnostics;

    /// <summary>Predicted loss increase of <paramref name="choices"/> (with interactions when measured).</summary>
    public double PredictedDeltaLoss(IReadOnlyList<int> choices) => (Predictor ?? Independent).PredictedLoss(choices);

    /// <summary>Relative size of <see cref="TieBreak"/>: far below calibration noise, far above the solver's tolerance (1e-10).</summary>
    public const double TieBreakScale = 1e-6;

    /// <summary>
    /// A linear term that makes the solve lexicographic: least predicted ΔL first, then the widest widths. Clamping
    /// negative estimates to 0 makes narrow options tie exactly with the unperturbed widest one, and an exact solver
    /// may return any of the tied assignments — without a budget, narrow widths for no reason. The term charges each
    /// option its parameter share times how far it is below the widest weight and activation widths, scaled to
    /// <see cref="TieBreakScale"/> of the largest single ΔL (or absolutely, when every ΔL is 0), so it decides only
    /// between assignments whose predicted losses differ by less than that.
    /// </summary>
    public double[] TieBreak(CladoMatrix matrix, CostModel costs)
    {
        double largest = 0;
        for (int i = 0; i < Layout.VariableCount; i++)
        {
            largest = Math.Max(largest, matrix.Values[i, i]);
        }

        double scale = TieBreakScale * (largest > 0 ? largest : 1);
        int wMax = Candidates.WeightBits[^1], aMax = Candidates.WidestActivationBits;
        var linear = new double[Layout.VariableCount];
        for (int l = 0; l < Layout.LayerCount; l++)
        {
            double share = (double)costs.Layers[l].ParameterCount / costs.TotalParameters;
            for (int s = 0; s < Layout.OptionCount(l); s++)
            {
                var option = Candidates.Options[s];
                double narrower = ((double)(wMax - option.WeightBits) / wMax + (double)(aMax - option.ActivationBits!.Value) / aMax) / 2;
                linear[Layout.Index(l, s)] = scale * share * narrower;
            }
        }

        return linear;
    }

    /// <summary>Solves <paramref name="method"/> (clado or independent) exactly under <paramref name="budgets"/>.</summary>
    public AllocationDecision Solve(AllocationMethod method, IReadOnlyList<BudgetLimit> budgets, CostModel costs, SolverOptions solverOptions, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var matrix = method switch
        {
            AllocationMethod.Clado => Clado ?? throw new InvalidOperationException("CLADO needs the pair measurements"),
            AllocationMethod.Independent => Independent,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "only clado and independent use the sensitivity matrix"),
        };
        var problem = new AllocationProblem(Layout, matrix.Values, TieBreak(matrix, costs), budgets.Select(b => costs.ToBudget(b, Layout)).ToArray());
        var solution = IqpSolver.Solve(problem, solverOptions, cancellation);
        if (!solution.HasSolution)
        {
            throw new InvalidOperationException($"{AllocationMethods.Name(method)}: the solver found no assignment ({solution.Status})");
        }

        return new AllocationDecision(method, budgets, solution.Choices, solution.Status, solution.NodesExplored, clock.Elapsed);
    }
}
