using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

/// <summary>
/// The argument validation every reference kernel runs before it touches data, so a wrong length or shape is an
/// <see cref="ArgumentException"/> naming the parameter, never an out-of-range index deep inside a loop.
/// </summary>
internal static class ArgumentChecks
{
    /// <summary>Spans must match their shape exactly: a longer span usually means the caller mixed up shapes.</summary>
    public static void Length(int actual, long needed, string name)
    {
        if (actual != needed)
        {
            throw new ArgumentException($"{name} has {actual} values, its shape needs {needed}", name);
        }
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive, got {value}", name);
        }
    }

    /// <summary>A zero point or clamp bound of an unsigned 8-bit tensor: [0, 255].</summary>
    public static void ByteRange(int value, string name)
    {
        if (value is < 0 or > byte.MaxValue)
        {
            throw new ArgumentException($"{name} must lie in [0, 255], got {value}", name);
        }
    }

    public static void ClampRange(int qMin, int qMax)
    {
        ByteRange(qMin, nameof(qMin));
        ByteRange(qMax, nameof(qMax));
        if (qMin > qMax)
        {
            throw new ArgumentException($"qMin ({qMin}) is greater than qMax ({qMax})", nameof(qMin));
        }
    }

    /// <summary>
    /// Checks a convolution's geometry against an input size and returns the output size. Groups must divide both
    /// channel counts; every window must produce at least one output row and column.
    /// </summary>
    public static (int Height, int Width) Conv2d(in Conv2dGeometry g, int batch, int inputHeight, int inputWidth)
    {
        Positive(batch, nameof(batch));
        Positive(inputHeight, nameof(inputHeight));
        Positive(inputWidth, nameof(inputWidth));
        Positive(g.InChannels, "geometry.InChannels");
        Positive(g.OutChannels, "geometry.OutChannels");
        Positive(g.Groups, "geometry.Groups");
        Window(g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.DilationH, g.DilationW);
        Padding(g.PadTop, g.PadLeft, g.PadBottom, g.PadRight);
        if (g.InChannels % g.Groups != 0 || g.OutChannels % g.Groups != 0)
        {
            throw new ArgumentException(
                $"groups ({g.Groups}) must divide both InChannels ({g.InChannels}) and OutChannels ({g.OutChannels})", "geometry");
        }

        int outH = g.OutputHeight(inputHeight);
        int outW = g.OutputWidth(inputWidth);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException(
                $"input {inputHeight}×{inputWidth} is too small for a {g.KernelH}×{g.KernelW} kernel (dilation {g.DilationH}×{g.DilationW})", "geometry");
        }

        return (outH, outW);
    }

    /// <summary>
    /// Checks a pooling window against an input size and the input/output span lengths (batch·channels·H·W in either
    /// layout) and returns the output size.
    /// </summary>
    public static (int Height, int Width) Pool2d(
        in Pool2dGeometry g, int batch, int channels, int inputHeight, int inputWidth, int inputLength, int outputLength)
    {
        Positive(batch, nameof(batch));
        Positive(channels, nameof(channels));
        Positive(inputHeight, nameof(inputHeight));
        Positive(inputWidth, nameof(inputWidth));
        Window(g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.DilationH, g.DilationW);
        Padding(g.PadTop, g.PadLeft, g.PadBottom, g.PadRight);
        int outH = g.OutputHeight(inputHeight);
        int outW = g.OutputWidth(inputWidth);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"input {inputHeight}×{inputWidth} is too small for a {g.KernelH}×{g.KernelW} window", "geometry");
        }

        PoolAxis.Height(g, inputHeight).RequireRealTapInEveryWindow(outH, "height");
        PoolAxis.Width(g, inputWidth).RequireRealTapInEveryWindow(outW, "width");
        Length(inputLength, (long)batch * channels * inputHeight * inputWidth, "input");
        Length(outputLength, (long)batch * channels * outH * outW, "output");
        return (outH, outW);
    }

    private static void Window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW)
    {
        Positive(kernelH, "geometry.KernelH");
        Positive(kernelW, "geometry.KernelW");
        Positive(strideH, "geometry.StrideH");
        Positive(strideW, "geometry.StrideW");
        Positive(dilationH, "geometry.DilationH");
        Positive(dilationW, "geometry.DilationW");
    }

    private static void Padding(int top, int left, int bottom, int right)
    {
        if (top < 0 || left < 0 || bottom < 0 || right < 0)
        {
            throw new ArgumentException($"padding must not be negative, got top {top}, left {left}, bottom {bottom}, right {right}", "geometry");
        }
    }
}
