namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>The loss whose change ΔL sensitivity measures.</summary>
public enum LossKind
{
    /// <summary>Mean cross-entropy of the logits against the calibration labels: mean over n of logsumexp(z_n) − z_n[y_n].</summary>
    CrossEntropy,

    /// <summary>
    /// KL(p_float ‖ p_quant), batch mean: mean over n of Σ_c p_f[n,c]·(log p_f[n,c] − log p_q[n,c]) with p = softmax(logits).
    /// Needs no labels; zero for the float model itself.
    /// </summary>
    KlDivergence,
}
