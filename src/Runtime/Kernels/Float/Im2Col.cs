using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Lowers one NCHW image to the right operand of a convolution GEMM: col[k, n] with k = (c, kh, kw) in
/// weight order (OIHW's I·H·W) and n = (oh, ow), so Y[Cout, OH·OW] = W[Cout, K] · col. Padding reads as 0.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Fills rows [rowBegin, rowEnd) of col (row length OH·OW) from <paramref name="image"/> (C×H×W, all channels
    /// of the layer; a grouped conv's group g uses rows [g·K/groups, (g+1)·K/groups)).
    /// </summary>
    public static void Fill(in Conv2dGeometry g, float* image, int height, int width, float* col, int rowBegin, int rowEnd)
    {
        int outH = g.OutputHeight(height), outW = g.OutputWidth(width);
        int taps = g.KernelH * g.KernelW;
        for (int row = rowBegin; row < rowEnd; row++)
        {
            int channel = row / taps, tap = row % taps;
            int kh = tap / g.KernelW, kw = tap % g.KernelW;
            float* plane = image + (nint)channel * height * width;
            float* dst = col + (nint)row * outH * outW;
            int iwStart = kw * g.DilationW - g.PadLeft;

            // Output columns whose input column is inside the image: iwStart + ow·s ∈ [0, width).
            int owLo = iwStart >= 0 ? 0 : (-iwStart + g.StrideW - 1) / g.StrideW;
            int owHi = width - iwStart <= 0 ? 0 : Math.Min(outW, (width - iwStart + g.StrideW - 1) / g.StrideW);
            owLo = Math.Min(owLo, owHi);
            for (int oh = 0; oh < outH; oh++, dst += outW)
            {
                int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                if ((uint)ih >= (uint)height)
                {
                    new Span<float>(dst, outW).Clear();
                    continue;
                }

                float* src = plane + (nint)ih * width + iwStart;
                for (int ow = 0; ow < owLo; ow++)
                {
                    dst[ow] = 0f;
                }

                if (g.StrideW == 1)
                {
                    new ReadOnlySpan<float>(src + owLo, owHi - owLo).CopyTo(new Span<float>(dst + owLo, owHi - owLo));
                }
                else
                {
                    for (int ow = owLo; ow < owHi; ow++)
                    {
                        dst[ow] = src[ow * g.StrideW];
                    }
                }

                for (int ow = owHi; ow < outW; ow++)
                {
                    dst[ow] = 0f;
                }
            }
        }
    }
}
