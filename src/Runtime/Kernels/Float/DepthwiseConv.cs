using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Direct depthwise convolution (groups = in = out channels): y[c] = clamp(bias[c] + Σ_{kh,kw} w[c,kh,kw]·x[c, …]).
/// A GEMM per channel would have M = 1, so a plain loop over taps is as fast and much simpler.
/// </summary>
internal static unsafe class DepthwiseConv
{
    /// <summary>Computes channels [channelBegin, channelEnd) of one image.</summary>
    public static void Run(in Conv2dGeometry g, float* image, int height, int width, float* weight, float* bias,
        FusedActivation activation, float* output, int channelBegin, int channelEnd)
    {
        int outH = g.OutputHeight(height), outW = g.OutputWidth(width);
        int taps = g.KernelH * g.KernelW;
        for (int c = channelBegin; c < channelEnd; c++)
        {
            float* plane = image + (nint)c * height * width;
            float* w = weight + (nint)c * taps;
            float* dst = output + (nint)c * outH * outW;
            for (int oh = 0; oh < outH; oh++)
            {
                for (int ow = 0; ow < outW; ow++)
                {
                    float sum = bias[c];
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
                                sum += w[kh * g.KernelW + kw] * plane[ih * width + iw];
                            }
                        }
                    }

                    dst[oh * outW + ow] = activation.Apply(sum);
                }
            }
        }
    }
}
