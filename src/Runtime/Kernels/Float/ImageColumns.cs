using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// The im2col matrix of one NCHW image, never materialized: col[k, n] with k = (c, kh, kw) in weight order
/// (OIHW's I·H·W, c counted from <see cref="Image"/>) and n = oh·OW + ow, so Y[Cout, OH·OW] = W[Cout, K]·col.
/// col[k, n] = image[c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw], or 0 where that lies in the padding.
/// </summary>
/// <remarks>
/// <see cref="Sgemm"/> packs its K×NR micro-panels straight from the image, which removes a full write and re-read
/// of the K×OH·OW col matrix (7 MB for ResNet-18's 64→64 layer at 56², far beyond L2). A panel's NR columns are
/// runs of consecutive outputs within output rows; each run is, per k, one contiguous copy (stride 1) or a gather,
/// with zeros where the run leaves the image. A grouped convolution passes a pointer to its group's first channel.
/// </remarks>
internal readonly unsafe struct ImageColumns(float* image, Conv2dGeometry geometry, int height, int width) : IPanelSource
{
    private readonly Conv2dGeometry _g = geometry;
    private readonly int _outW = geometry.OutputWidth(width);

    public float* Image { get; } = image;

    public int Height { get; } = height;

    public int Width { get; } = width;

    /// <inheritdoc/>
    public void Pack(int k0, int depth, int n0, int cols, int nr, float* dst)
    {
        // Split the columns into runs that stay within one output row: (first column j, oh, ow, length).
        int* runs = stackalloc int[4 * nr];
        int runCount = 0;
        for (int j = 0, n = n0; j < cols; runCount++)
        {
            int oh = n / _outW, ow = n % _outW;
            int length = Math.Min(cols - j, _outW - ow);
            runs[4 * runCount] = j;
            runs[4 * runCount + 1] = oh * _g.StrideH - _g.PadTop;
            runs[4 * runCount + 2] = ow * _g.StrideW - _g.PadLeft;
            runs[4 * runCount + 3] = length;
            j += length;
            n += length;
        }

        int taps = _g.KernelH * _g.KernelW;
        int channel = k0 / taps, kh = k0 % taps / _g.KernelW, kw = k0 % _g.KernelW;
        nint plane = (nint)Height * Width;
        bool unitStride = _g.StrideW == 1;
        for (int p = 0; p < depth; p++, dst += nr)
        {
            float* source = Image + channel * plane;
            int dh = kh * _g.DilationH, dw = kw * _g.DilationW;
            for (int r = 0; r < runCount; r++)
            {
                int* run = runs + 4 * r;
                int ih = run[1] + dh;
                float* d = dst + run[0];
                int length = run[3];
                if ((uint)ih >= (uint)Height)
                {
                    new Span<float>(d, length).Clear();
                    continue;
                }

                // Most runs lie inside the image: one straight copy, no padding arithmetic.
                int iw0 = run[2] + dw;
                float* row = source + (nint)ih * Width;
                if (unitStride && iw0 >= 0 && iw0 + length <= Width)
                {
                    Copy(row + iw0, d, length);
                }
                else
                {
                    CopyRun(row, iw0, length, d);
                }
            }

            if (cols < nr)
            {
                new Span<float>(dst + cols, nr - cols).Clear();
            }

            // Next k: kw fastest, then kh, then channel (the OIHW order of the packed weights).
            if (++kw == _g.KernelW)
            {
                kw = 0;
                if (++kh == _g.KernelH)
                {
                    kh = 0;
                    channel++;
                }
            }
        }
    }

    /// <summary>d[t] = row[iw0 + t·strideW] for t ∈ [0, length), 0 where the input column is outside [0, Width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CopyRun(float* row, int iw0, int length, float* d)
    {
        int stride = _g.StrideW;
        if (stride == 1)
        {
            int lo = Math.Clamp(-iw0, 0, length), hi = Math.Clamp(Width - iw0, lo, length);
            for (int t = 0; t < lo; t++)
            {
                d[t] = 0f;
            }

            Copy(row + iw0 + lo, d + lo, hi - lo);
            for (int t = hi; t < length; t++)
            {
                d[t] = 0f;
            }

            return;
        }

        for (int t = 0, iw = iw0; t < length; t++, iw += stride)
        {
            d[t] = (uint)iw < (uint)Width ? row[iw] : 0f;
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> ≤ 32 floats with at most four vector moves: a run is copied as two
    /// overlapping vectors of the widest size that fits (the TensorPrimitives remainder idiom), so nothing is read
    /// or written outside [0, count). A memmove call costs more than the whole copy at these lengths, and this
    /// copy runs once per (depth row, output-row run) of every packed panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* destination, int count)
    {
        if (count >= 16)
        {
            Vector512.Store(Vector512.Load(source), destination);
            Vector512.Store(Vector512.Load(source + count - 16), destination + count - 16);
            if (count > 32)
            {
                Unsafe.CopyBlockUnaligned(destination + 16, source + 16, (uint)((count - 32) * sizeof(float)));
            }
        }
        else if (count >= 8)
        {
            Vector256.Store(Vector256.Load(source), destination);
            Vector256.Store(Vector256.Load(source + count - 8), destination + count - 8);
        }
        else if (count >= 4)
        {
            Vector128.Store(Vector128.Load(source), destination);
            Vector128.Store(Vector128.Load(source + count - 4), destination + count - 4);
        }
        else
        {
            for (int t = 0; t < count; t++)
            {
                destination[t] = source[t];
            }
        }
    }
}
