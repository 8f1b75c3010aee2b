using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>MaxPool and AveragePool on NCHW planes, with the window rules of <see cref="Pool2dGeometry"/>.</summary>
internal static unsafe class Pooling
{
    /// <summary>
    /// Max over each window's in-image positions (padding never wins). Planes [planeBegin, planeEnd) of N·C.
    /// A NaN in the window propagates, as in PyTorch.
    /// </summary>
    public static void Max(in Pool2dGeometry g, float* input, int height, int width, float* output, int planeBegin, int planeEnd)
    {
        int outH = g.OutputHeight(height), outW = g.OutputWidth(width);
        for (int plane = planeBegin; plane < planeEnd; plane++)
        {
            float* src = input + (nint)plane * height * width;
            float* dst = output + (nint)plane * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                for (int ow = 0; ow < outW; ow++)
                {
                    float best = float.NegativeInfinity;
                    for (int kh = 0; kh < g.KernelH; kh++)
                    {
                        int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                        if ((uint)ih >= (uint)height)
                        {
                            continue;
                        }

                        for (int kw = 0; kw < g.KernelW; kw++)
                        {
                            int iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
                            if ((uint)iw < (uint)width)
                            {
                                float v = src[ih * width + iw];
                                best = v > best || float.IsNaN(v) ? v : best;
                                if (float.IsNaN(best))
                                {
                                    goto done;
                                }
                            }
                        }
                    }

                done:
                    dst[oh * outW + ow] = best;
                }
            }
        }
    }

    /// <summary>
    /// Mean over each window. The divisor is the number of in-image positions, or with
    /// <paramref name="countIncludePad"/> the window clipped to the padded input [−padBegin, size + padEnd)
    /// (so the part of a ceil-mode window hanging past the padding never counts, as in PyTorch).
    /// </summary>
    public static void Average(in Pool2dGeometry g, bool countIncludePad, float* input, int height, int width, float* output, int planeBegin, int planeEnd)
    {
        int outH = g.OutputHeight(height), outW = g.OutputWidth(width);
        for (int plane = planeBegin; plane < planeEnd; plane++)
        {
            float* src = input + (nint)plane * height * width;
            float* dst = output + (nint)plane * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                int h0 = oh * g.StrideH - g.PadTop;
                int hEnd = Math.Min(h0 + (g.KernelH - 1) * g.DilationH + 1, height + g.PadBottom);
                for (int ow = 0; ow < outW; ow++)
                {
                    int w0 = ow * g.StrideW - g.PadLeft;
                    int wEnd = Math.Min(w0 + (g.KernelW - 1) * g.DilationW + 1, width + g.PadRight);
                    float sum = 0f;
                    int inside = 0, padded = 0;
                    for (int kh = 0; kh < g.KernelH; kh++)
                    {
                        int ih = h0 + kh * g.DilationH;
                        if (ih >= hEnd)
                        {
                            break;
                        }

                        for (int kw = 0; kw < g.KernelW; kw++)
                        {
                            int iw = w0 + kw * g.DilationW;
                            if (iw >= wEnd)
                            {
                                break;
                            }

                            padded++;
                            if ((uint)ih < (uint)height && (uint)iw < (uint)width)
                            {
                                sum += src[ih * width + iw];
                                inside++;
                            }
                        }
                    }

                    int divisor = countIncludePad ? padded : inside;
                    dst[oh * outW + ow] = divisor == 0 ? 0f : sum / divisor;
                }
            }
        }
    }
}
