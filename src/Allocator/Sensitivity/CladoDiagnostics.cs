namespace Specialized.Allocator.Sensitivity;

/// <summary>A negative measured single perturbation (before clamping).</summary>
public sealed record NegativePerturbation(int Layer, int Option, double DeltaLoss);

/// <summary>What the PSD projection changed.</summary>
/// <param name="ClippedEigenvalues">Eigenvalues below −1e-12 × max|λ| (all negative ones are set to 0; the tiny ones are rounding and not counted).</param>
/// <param name="MostNegativeEigenvalue">Smallest eigenvalue before projection (0 when the decomposed part is empty).</param>
/// <param name="RelativeFrobeniusChange">‖C_projected − C‖_F / ‖C‖_F (0 when C is 0).</param>
/// <param name="DecomposedVariables">Variables in the eigen-decomposition: those whose row of C is not identically zero.</param>
public sealed record PsdProjectionReport(int ClippedEigenvalues, double MostNegativeEigenvalue, double RelativeFrobeniusChange, int DecomposedVariables);

/// <summary>Everything the matrix builder changed or noticed, for the allocation report.</summary>
/// <param name="NegativeSingles">Every negative single measurement, in variable order (clamped when <see cref="CladoMatrixOptions.ClampNegative"/>).</param>
/// <param name="NegativePairCount">Number of negative pair measurements (each unordered pair once).</param>
/// <param name="MostNegativePair">Smallest pair measurement if negative, else 0.</param>
/// <param name="MonotoneAdjustments">Single values raised by <see cref="CladoMatrixOptions.MonotoneInWidth"/>.</param>
/// <param name="Projection">Null when projection was off.</param>
public sealed record CladoDiagnostics(
    IReadOnlyList<NegativePerturbation> NegativeSingles,
    int NegativePairCount,
    double MostNegativePair,
    int MonotoneAdjustments,
    PsdProjectionReport? Projection)
{
    /// <summary>Smallest single measurement if negative, else 0.</summary>
    public double MostNegativeSingle => NegativeSingles.Count == 0 ? 0 : NegativeSingles.Min(n => n.DeltaLoss);
}
