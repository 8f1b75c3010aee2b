using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Integer;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>
/// The vectorized memory-bound kernels of the generated models against the reference, byte for byte: max pool over
/// random geometries (padding, dilation, ceil mode) and every channel count that mixes the 64/16-code vector steps
/// with the scalar tail, split into row ranges as workers do; the add over random scales, zero points, clamps and
/// every length up to 70 (vector steps plus tails) in split ranges; input quantization over random, extreme
/// (±∞, NaN, huge, exact midpoints) values and several channel counts. Fixed seeds.
/// </summary>
public sealed class CodeKernelTests
{
    [Fact]
    public void Max_pool_rows_equal_the_reference_pool_for_any_row_split()
    {
        for (int seed = 0; seed < 80; seed++)
        {
            var r = new Random(seed);
            int k = r.Next(1, 4), s = r.Next(1, 3), d = r.Next(1, 3);
            int pad = Math.Min(r.Next(0, 2), k / 2);
            var g = new Pool2dGeometry(k, k, s, s, pad, pad, pad, pad, d, d, r.Next(2) == 0);
            int h = d * (k - 1) + 1 + r.Next(0, 7), w = d * (k - 1) + 1 + r.Next(0, 7);
            int channels = seed < 40 ? seed + 1 : r.Next(1, 200);
            var x = new byte[h * w * channels];
            r.NextBytes(x);
            var expected = new byte[g.OutputHeight(h) * g.OutputWidth(w) * channels];
            IntegerReference.MaxPool2d(x, 1, h, w, channels, g, expected);
            var actual = new byte[expected.Length];
            int outH = g.OutputHeight(h);
            int split = r.Next(0, outH + 1);
            CodeMaxPool.Rows(x, h, w, channels, g, actual, 0, split);
            CodeMaxPool.Rows(x, h, w, channels, g, actual, split, outH - split);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed}: {g}, {h}×{w}×{channels}");
        }

        Assert.Throws<ArgumentException>(() => CodeMaxPool.Rows(new byte[16], 4, 4, 1, new Pool2dGeometry(2, 2, 2, 2, 0, 0, 0, 0, 1, 1, false), new byte[4], 1, 2));
    }

    [Fact]
    public void Add_equals_the_reference_add_for_any_range_split()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var r = new Random(seed);
            int length = seed < 71 ? seed : r.Next(1, 3000);
            var a = new byte[length];
            var b = new byte[length];
            r.NextBytes(a);
            r.NextBytes(b);
            double so = Math.Exp(r.NextDouble() * 6 - 3);
            var rescale = AddRescale.FromScales(so * Math.Exp(r.NextDouble() * 4 - 2), so * Math.Exp(r.NextDouble() * 8 - 4), so);
            int za = r.Next(256), zb = r.Next(256), zy = r.Next(256);
            int qMin = r.Next(2) == 0 ? 0 : r.Next(0, 128);
            int qMax = r.Next(2) == 0 ? 255 : r.Next(qMin, 256);
            var expected = new byte[length];
            IntegerReference.Add(a, za, b, zb, rescale, zy, qMin, qMax, expected);
            var actual = new byte[length];
            int split = r.Next(0, length + 1);
            CodeAdd.Run(a, za, b, zb, rescale, zy, qMin, qMax, actual, 0, split);
            CodeAdd.Run(a, za, b, zb, rescale, zy, qMin, qMax, actual, split, length - split);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed}: {rescale}, z {za}/{zb}/{zy}, clamp [{qMin}, {qMax}], length {length}");
        }
    }

    [Fact]
    public void Add_with_a_hand_made_small_shift_takes_the_exact_scalar_path()
    {
        var rescale = new AddRescale(1 << 30, 3, 2);
        var a = Enumerable.Range(0, 40).Select(i => (byte)(i * 6)).ToArray();
        var b = Enumerable.Range(0, 40).Select(i => (byte)(255 - i * 5)).ToArray();
        var expected = new byte[40];
        IntegerReference.Add(a, 100, b, 7, rescale, 128, 0, 255, expected);
        var actual = new byte[40];
        CodeAdd.Run(a, 100, b, 7, rescale, 128, 0, 255, actual, 0, 40);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Input_codes_equal_scalar_quantization_including_extremes_and_midpoints()
    {
        float[] extremes = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, 1e30f, -1e30f];
        for (int seed = 0; seed < 120; seed++)
        {
            var r = new Random(seed);
            // 1–4 channels take the vpermb interleave, 5–6 the per-plane path; areas cross 16-pixel blocks.
            int channels = r.Next(1, 7), area = r.Next(1, 100);
            var q = new ActivationQuantization((float)Math.Exp(r.NextDouble() * 6 - 4), 0, r.Next(1, 9));
            q = new ActivationQuantization(q.Scale, r.Next(0, q.QMax + 1), q.Bits);
            var input = new float[channels * area];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = r.Next(4) switch
                {
                    0 => extremes[r.Next(extremes.Length)],
                    1 => q.Scale * (r.Next(-300, 300) + 0.5f), // near a rounding midpoint
                    _ => (float)(r.NextDouble() * 2 - 1) * q.Scale * (q.QMax + 20),
                };
            }

            var expected = new byte[input.Length];
            for (int c = 0; c < channels; c++)
            {
                for (int p = 0; p < area; p++)
                {
                    expected[p * channels + c] = (byte)q.Quantize(input[c * area + p]);
                }
            }

            var actual = new byte[input.Length];
            // Two workers' pixel ranges: each must write its own codes and nothing past them.
            int split = r.Next(0, area + 1);
            InputCodes.Quantize(input, channels, area, q, actual, split, area - split);
            InputCodes.Quantize(input, channels, area, q, actual, 0, split);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed}: {q}, {channels} × {area}");
        }
    }
}
