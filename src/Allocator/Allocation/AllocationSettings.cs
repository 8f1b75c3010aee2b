using Specialized.Allocator.Calibration;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Data;

namespace Specialized.Allocator.Allocation;

/// <summary>Everything <c>specialized allocate</c> was asked to do, validated by the command.</summary>
public sealed record AllocationSettings
{
    public required string ModelPath { get; init; }

    /// <summary>The DATA argument of the calibration set (docs/sensitivity.md §1).</summary>
    public required string CalibrationData { get; init; }

    /// <summary>The DATA argument of the evaluation set; null skips accuracy.</summary>
    public string? EvaluationData { get; init; }

    public ImageNormalization Normalization { get; init; } = ImageNormalization.UnitRange;

    public int CalibrationSize { get; init; } = 512;

    public int? EvaluationLimit { get; init; }

    public required CandidatePrecisions Candidates { get; init; }

    /// <summary>The size budget (bits or KiB) and/or the BOPs budget; empty means unconstrained.</summary>
    public IReadOnlyList<BudgetLimit> Budgets { get; init; } = [];

    public AllocationMethod Method { get; init; } = AllocationMethod.Clado;

    /// <summary>
    /// Average-weight-bit budgets to sweep: every method runs at every value (with the BOPs budget, if any, added to
    /// each). Null: one run of <see cref="Method"/> at <see cref="Budgets"/>.
    /// </summary>
    public IReadOnlyList<double>? Sweep { get; init; }

    public LossKind Loss { get; init; } = LossKind.CrossEntropy;

    public ClippingMethod WeightClipping { get; init; } = ClippingMethod.Mse;

    public ClippingMethod ActivationClipping { get; init; } = ClippingMethod.MinMax;

    /// <summary>
    /// Whether CLADO solves the PSD projection of its matrix (CLADO's method, and what guarantees "no budget ⇒
    /// widest") or the measured second-order model itself (docs/allocation.md).
    /// </summary>
    public bool ProjectToPsd { get; init; } = true;

    public required string OutputDirectory { get; init; }

    /// <summary>Sensitivity cache; default <c>{OutputDirectory}/sensitivity.cache</c>.</summary>
    public string? CachePath { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public int BatchSize { get; init; } = 64;

    /// <summary>Each solve stops here with the best assignment found (reported as not proven optimal).</summary>
    public TimeSpan SolverTimeLimit { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Model name for the manifest (default: the ONNX file stem).</summary>
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string ResolvedCachePath => CachePath ?? Path.Combine(OutputDirectory, "sensitivity.cache");

    /// <summary>The runs to make: (method, budgets) in report order.</summary>
    public IReadOnlyList<(AllocationMethod Method, IReadOnlyList<BudgetLimit> Budgets)> Runs()
    {
        if (Sweep is null)
        {
            return [(Method, Budgets)];
        }

        var others = Budgets.Where(b => b.Kind == BudgetKind.GigaBops).ToArray();
        return Enum.GetValues<AllocationMethod>()
            .SelectMany(method => Sweep.Select(value => (method, (IReadOnlyList<BudgetLimit>)[new BudgetLimit(BudgetKind.AverageWeightBits, value), .. others])))
            .ToArray();
    }
}
