using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

public static partial class FloatReference
{
    /// <summary>
    /// 2-D convolution: for every n, output channel o (in group g = o / OutChannelsPerGroup), oy, ox:
    /// <c>output[n, o, oy, ox] = act(bias[o] + Σ_{i, ky, kx} input[n, g·Cg + i, iy, ix] · weight[o, i, ky, kx])</c>
    /// with <c>iy = oy·StrideH − PadTop + ky·DilationH</c>, <c>ix = ox·StrideW − PadLeft + kx·DilationW</c>,
    /// Cg = InChannelsPerGroup; taps with (iy, ix) outside the input read zero (padding).
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [batch, InChannels, inputHeight, inputWidth].</para>
    /// <para><paramref name="weight"/>: OIHW: [OutChannels, InChannelsPerGroup, KernelH, KernelW].</para>
    /// <para><paramref name="bias"/>: [OutChannels], or empty for no bias.</para>
    /// <para><paramref name="output"/>: [batch, OutChannels, OutputHeight, OutputWidth].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">A span length does not match the shapes, or the geometry is invalid
    /// (groups not dividing the channels, non-positive kernel/stride/dilation, negative padding, empty output).</exception>
    public static void Conv2d(
        ReadOnlySpan<float> input, int batch, int inputHeight, int inputWidth, Conv2dGeometry geometry,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, FusedActivation activation, Span<float> output)
    {
        var g = geometry;
        var (outH, outW) = ArgumentChecks.Conv2d(g, batch, inputHeight, inputWidth);
        ArgumentChecks.Length(input.Length, (long)batch * g.InChannels * inputHeight * inputWidth, nameof(input));
        ArgumentChecks.Length(weight.Length, (long)g.OutChannels * g.InChannelsPerGroup * g.KernelH * g.KernelW, nameof(weight));
        if (!bias.IsEmpty)
        {
            ArgumentChecks.Length(bias.Length, g.OutChannels, nameof(bias));
        }

        ArgumentChecks.Length(output.Length, (long)batch * g.OutChannels * outH * outW, nameof(output));

        int inPerGroup = g.InChannelsPerGroup;
        int outPerGroup = g.OutChannelsPerGroup;
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < g.OutChannels; o++)
            {
                int firstInput = o / outPerGroup * inPerGroup;
                for (int oy = 0; oy < outH; oy++)
                {
                    for (int ox = 0; ox < outW; ox++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[o];
                        for (int i = 0; i < inPerGroup; i++)
                        {
                            for (int ky = 0; ky < g.KernelH; ky++)
                            {
                                int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH;
                                if (iy < 0 || iy >= inputHeight)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < g.KernelW; kx++)
                                {
                                    int ix = ox * g.StrideW - g.PadLeft + kx * g.DilationW;
                                    if (ix < 0 || ix >= inputWidth)
                                    {
                                        continue;
                                    }

                                    float x = input[((n * g.InChannels + firstInput + i) * inputHeight + iy) * inputWidth + ix];
                                    float w = weight[((o * inPerGroup + i) * g.KernelH + ky) * g.KernelW + kx];
                                    sum += (double)x * w;
                                }
                            }
                        }

                        output[((n * g.OutChannels + o) * outH + oy) * outW + ox] = activation.Apply((float)sum);
                    }
                }
            }
        }
    }
}
