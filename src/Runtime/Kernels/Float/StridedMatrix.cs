namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// A read-only view of a K×N matrix (the right GEMM operand) in raw memory: element (k, n) is at
/// <c>Data[k·RowStride + n·ColumnStride]</c>. Row-major im2col output has ColumnStride 1; a batch of Gemm inputs
/// [N, K] read as its transpose has RowStride 1.
/// </summary>
internal readonly unsafe struct StridedMatrix(float* data, nint rowStride, nint columnStride)
{
    public float* Data { get; } = data;

    public nint RowStride { get; } = rowStride;

    public nint ColumnStride { get; } = columnStride;
}
