namespace Specialized.Runtime.Graph;

/// <summary>
/// Window of a MaxPool or AveragePool. With <see cref="CeilMode"/> the output size rounds up, but a window
/// that would start entirely inside the right/bottom padding is dropped (ONNX and PyTorch agree on this).
/// </summary>
public readonly record struct Pool2dGeometry(
    int KernelH, int KernelW,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW,
    bool CeilMode)
{
    public int OutputHeight(int inputHeight) => OutputSize(inputHeight, KernelH, StrideH, PadTop, PadBottom, DilationH);

    public int OutputWidth(int inputWidth) => OutputSize(inputWidth, KernelW, StrideW, PadLeft, PadRight, DilationW);

    private int OutputSize(int input, int kernel, int stride, int padBegin, int padEnd, int dilation)
    {
        int span = input + padBegin + padEnd - dilation * (kernel - 1) - 1;
        int size = (CeilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (CeilMode && (size - 1) * stride >= input + padBegin)
        {
            size--;
        }

        return size;
    }
}
