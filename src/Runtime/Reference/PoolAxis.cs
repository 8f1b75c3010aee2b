using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

/// <summary>
/// One spatial axis of a pooling window: where its taps land and how many of them the average divides by.
/// Shared by the float and integer pools so both follow exactly the same count_include_pad rule.
/// </summary>
/// <remarks>
/// The padded extent of the axis is [−PadBegin, Size + PadEnd). A ceil-mode window may reach past it; those taps
/// are never counted (PyTorch clips the window end to Size + PadEnd before measuring the pool size). Taps inside the
/// padded extent but outside [0, Size) are counted only with count_include_pad. Counting tap by tap also covers
/// dilation, which PyTorch's AvgPool lacks but ONNX AveragePool (opset 19) has.
/// </remarks>
internal readonly record struct PoolAxis(int Size, int Kernel, int Stride, int PadBegin, int PadEnd, int Dilation)
{
    public static PoolAxis Height(in Pool2dGeometry g, int inputHeight) =>
        new(inputHeight, g.KernelH, g.StrideH, g.PadTop, g.PadBottom, g.DilationH);

    public static PoolAxis Width(in Pool2dGeometry g, int inputWidth) =>
        new(inputWidth, g.KernelW, g.StrideW, g.PadLeft, g.PadRight, g.DilationW);

    /// <summary>Input coordinate of tap <paramref name="tap"/> of output position <paramref name="output"/> (may be in padding).</summary>
    public int Position(int output, int tap) => output * Stride - PadBegin + tap * Dilation;

    public bool IsInside(int position) => position >= 0 && position < Size;

    /// <summary>How many taps of this output position the average divides by along this axis.</summary>
    public int Divisor(int output, bool countIncludePad)
    {
        int count = 0;
        for (int tap = 0; tap < Kernel; tap++)
        {
            int position = Position(output, tap);
            bool counted = countIncludePad ? position >= -PadBegin && position < Size + PadEnd : IsInside(position);
            if (counted)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// A window made only of padding has no defined max and a zero divisor; PyTorch forbids it (pad ≤ kernel / 2),
    /// ONNX does not, so it is rejected here instead of producing −inf or a division by zero.
    /// </summary>
    public void RequireRealTapInEveryWindow(int outputs, string axisName)
    {
        for (int output = 0; output < outputs; output++)
        {
            if (Divisor(output, countIncludePad: false) == 0)
            {
                throw new ArgumentException($"pooling window {output} along the {axisName} covers only padding", "geometry");
            }
        }
    }
}
