namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// The right GEMM operand B (K×N) as <see cref="Sgemm"/> packs it. An implementation is a small struct, so the
/// generic driver is specialized per source and the packing loop is inlined (the TensorPrimitives operator idiom).
/// </summary>
internal unsafe interface IPanelSource
{
    /// <summary>
    /// Writes B[k0 + p, n0 + j] to <c>dst[p·nr + j]</c> for p ∈ [0, depth), j ∈ [0, cols), and 0 for j ∈ [cols, nr):
    /// one depth×NR micro-panel, column index fastest, zero-padded so the micro-kernel can run a full tile.
    /// </summary>
    void Pack(int k0, int depth, int n0, int cols, int nr, float* dst);
}
