namespace Specialized.Runtime.Reference;

/// <summary>
/// Scalar float32 kernels on NCHW tensors: the ground truth the fast float executor is tested against.
/// Written for obviousness, not speed: one output value at a time, in a fixed loop order.
/// </summary>
/// <remarks>
/// Sums (convolution, GEMM, average pools) are accumulated in <see cref="double"/> and rounded to float once at
/// the end. A float×float product is exact in double (24 + 24 significand bits fit in 53), so the result is the
/// exact sum up to double additions: about 2^29 times closer than any float accumulation order, which makes the
/// value independent of summation order and a clean oracle that fast kernels (which reorder freely) are compared
/// with by tolerance. PyTorch itself accumulates in float with a blocking-dependent order, so it is no better an oracle.
/// Element-wise ops (Add) are computed in float: one correctly rounded float operation is already exact-then-round.
/// Fused activations are <see cref="Graph.FusedActivation.Apply"/> applied to the rounded float result.
/// </remarks>
public static partial class FloatReference
{
}
