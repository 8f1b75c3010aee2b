namespace Specialized.Allocator.Sensitivity;

/// <summary>How <see cref="CladoMatrixBuilder"/> turns measurements into the matrix (see docs/allocation.md).</summary>
public sealed record CladoMatrixOptions
{
    /// <summary>
    /// Replace negative measured ΔL (single and pair) by 0 and record them in <see cref="CladoDiagnostics"/>.
    /// A loss that drops when a layer is quantized is calibration noise or a failure of the second-order model, not
    /// a reason to prefer the narrower width. Default true.
    /// </summary>
    public bool ClampNegative { get; init; } = true;

    /// <summary>
    /// The options of every layer are listed from narrowest to widest, and a narrower option may not look better
    /// than a wider one: after clamping, ΔL(l, s) becomes max(ΔL(l, s), ΔL(l, s + 1)), from the widest option down.
    /// Only meaningful when the option order is a width order (e.g. weight bits 2, 4, 8). Default false.
    /// </summary>
    public bool MonotoneInWidth { get; init; }

    /// <summary>
    /// Keep the pairwise interactions Ω (CLADO). False gives the independent baseline: diagonal only, pair
    /// measurements not needed (HAWQ/ZeroQ-style). Default true.
    /// </summary>
    public bool Interactions { get; init; } = true;

    /// <summary>Project the matrix onto the positive semidefinite cone (negative eigenvalues set to 0). Default true.</summary>
    public bool ProjectToPsd { get; init; } = true;
}
