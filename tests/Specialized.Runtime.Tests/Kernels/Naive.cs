using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>
/// Test oracles written straight from the op definitions — direct loops, double accumulation, no packing,
/// no im2col — plus the Σ|a·b| magnitude used to scale float-reassociation tolerances.
/// </summary>
public static class Naive
{
    /// <summary>C[m, n] = Σ_k A[m, k]·B[k, n] (row-major) and the magnitude Σ_k |A[m, k]·B[k, n]|.</summary>
    public static (double[] Value, double[] Magnitude) Gemm(float[] a, float[] b, int m, int n, int k)
    {
        var c = new double[m * n];
        var mag = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++)
                {
                    double prod = (double)a[i * k + p] * b[p * n + j];
                    sum += prod;
                    abs += Math.Abs(prod);
                }

                c[i * n + j] = sum;
                mag[i * n + j] = abs;
            }
        }

        return (c, mag);
    }

    /// <summary>Direct NCHW convolution with bias, before activation; returns values and Σ|w·x| per output.</summary>
    public static (double[] Value, double[] Magnitude, int[] Shape) Conv(float[] x, int[] xShape, ConvNode node)
    {
        var g = node.Geometry;
        int n = xShape[0], h = xShape[2], w = xShape[3];
        int oh = (h + g.PadTop + g.PadBottom - g.DilationH * (g.KernelH - 1) - 1) / g.StrideH + 1;
        int ow = (w + g.PadLeft + g.PadRight - g.DilationW * (g.KernelW - 1) - 1) / g.StrideW + 1;
        int cinG = g.InChannels / g.Groups, coutG = g.OutChannels / g.Groups;
        var y = new double[n * g.OutChannels * oh * ow];
        var mag = new double[y.Length];
        for (int b = 0; b < n; b++)
        for (int co = 0; co < g.OutChannels; co++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            int group = co / coutG;
            double sum = node.Bias[co], abs = Math.Abs(node.Bias[co]);
            for (int ci = 0; ci < cinG; ci++)
            for (int kh = 0; kh < g.KernelH; kh++)
            for (int kw = 0; kw < g.KernelW; kw++)
            {
                int ih = i * g.StrideH - g.PadTop + kh * g.DilationH;
                int iw = j * g.StrideW - g.PadLeft + kw * g.DilationW;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                {
                    continue;
                }

                double prod = (double)node.Weight[((co * cinG + ci) * g.KernelH + kh) * g.KernelW + kw]
                    * x[((b * g.InChannels + group * cinG + ci) * h + ih) * w + iw];
                sum += prod;
                abs += Math.Abs(prod);
            }

            int index = ((b * g.OutChannels + co) * oh + i) * ow + j;
            y[index] = sum;
            mag[index] = abs;
        }

        return (y, mag, [n, g.OutChannels, oh, ow]);
    }

    /// <summary>
    /// Pooling written from PyTorch's definition: window [start, start + k·d) in padded coordinates, clipped to the
    /// padded extent for the include-pad divisor, then to the image for the values and the exclude-pad divisor.
    /// </summary>
    public static (float[] Value, int[] Shape) Pool(float[] x, int[] xShape, Pool2dGeometry g, bool max, bool countIncludePad)
    {
        int n = xShape[0], c = xShape[1], h = xShape[2], w = xShape[3];
        int oh = OutSize(h, g.KernelH, g.StrideH, g.PadTop, g.PadBottom, g.DilationH, g.CeilMode);
        int ow = OutSize(w, g.KernelW, g.StrideW, g.PadLeft, g.PadRight, g.DilationW, g.CeilMode);
        var y = new float[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
        for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
        {
            double sum = 0;
            float best = float.NegativeInfinity;
            int count = 0, padCount = 0;
            for (int kh = 0; kh < g.KernelH; kh++)
            for (int kw = 0; kw < g.KernelW; kw++)
            {
                int ih = i * g.StrideH - g.PadTop + kh * g.DilationH;
                int iw = j * g.StrideW - g.PadLeft + kw * g.DilationW;
                if (ih < h + g.PadBottom && iw < w + g.PadRight)
                {
                    padCount++;
                }

                if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                {
                    float v = x[(p * h + ih) * w + iw];
                    best = Math.Max(best, v);
                    sum += v;
                    count++;
                }
            }

            y[(p * oh + i) * ow + j] = max ? best : (float)(sum / (countIncludePad ? padCount : count));
        }

        return (y, [n, c, oh, ow]);
    }

    /// <summary>Output size by the ONNX formula, dropping a ceil-mode window that starts past the left padding + input.</summary>
    public static int OutSize(int size, int k, int s, int padBegin, int padEnd, int d, bool ceil)
    {
        double exact = (double)(size + padBegin + padEnd - d * (k - 1) - 1) / s;
        int o = (int)(ceil ? Math.Ceiling(exact) : Math.Floor(exact)) + 1;
        if (ceil && (o - 1) * s >= size + padBegin)
        {
            o--;
        }

        return o;
    }

    public static float[] RandomArray(Random random, int length, float scale = 1f)
    {
        var a = new float[length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }

        return a;
    }

    /// <summary>Asserts |actual − expected| ≤ 1e-4·magnitude + 1e-5 for each element, reporting the first failure.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> magnitude, ReadOnlySpan<float> actual, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-4 * magnitude[i] + 1e-5;
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"{context}: at {i} expected {expected[i]} got {actual[i]} (tolerance {tolerance})");
            }
        }
    }
}
