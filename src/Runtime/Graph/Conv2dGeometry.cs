namespace Specialized.Runtime.Graph;

/// <summary>
/// Everything about a 2-D convolution except its data. Weights are laid out OIHW with I = InChannels / Groups,
/// as ONNX and PyTorch store them. Padding is asymmetric (ONNX pads: top, left, bottom, right).
/// </summary>
public readonly record struct Conv2dGeometry(
    int InChannels, int OutChannels,
    int KernelH, int KernelW,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW,
    int Groups)
{
    public int InChannelsPerGroup => InChannels / Groups;
    public int OutChannelsPerGroup => OutChannels / Groups;

    /// <summary>The reduction length of one output value: the K of the equivalent GEMM.</summary>
    public int ReductionSize => InChannelsPerGroup * KernelH * KernelW;

    public int WeightCount => OutChannels * ReductionSize;

    public bool IsDepthwise => Groups == InChannels && Groups == OutChannels && Groups > 1;

    public int OutputHeight(int inputHeight) =>
        (inputHeight + PadTop + PadBottom - DilationH * (KernelH - 1) - 1) / StrideH + 1;

    public int OutputWidth(int inputWidth) =>
        (inputWidth + PadLeft + PadRight - DilationW * (KernelW - 1) - 1) / StrideW + 1;

    /// <summary>Multiply-accumulates for one image of the given input size.</summary>
    public long MacsPerImage(int inputHeight, int inputWidth) =>
        (long)OutputHeight(inputHeight) * OutputWidth(inputWidth) * OutChannels * ReductionSize;
}
