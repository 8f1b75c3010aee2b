using Specialized.Runtime.Graph;
using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>
/// The implicit im2col (<see cref="ImageColumns"/>) against the textbook definition evaluated in the test: every
/// panel it packs equals col[k, n] = x[c, oh·sh − pt + kh·dh, ow·sw − pl + kw·dw] (0 in the padding).
/// </summary>
public sealed unsafe class ImageColumnsTests
{
    [Fact]
    public void PanelsMatchTheIm2ColDefinitionOnEdgeGeometries()
    {
        // Padding at each border alone and all together, stride 2, dilation, 1×1, output narrower than a panel
        // (runs span several output rows) and wider (a panel starts mid-row).
        var geometries = new[]
        {
            new Conv2dGeometry(2, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1),
            new Conv2dGeometry(2, 1, 3, 3, 1, 1, 2, 0, 0, 0, 1, 1, 1),
            new Conv2dGeometry(2, 1, 3, 3, 1, 1, 0, 2, 0, 0, 1, 1, 1),
            new Conv2dGeometry(2, 1, 3, 3, 1, 1, 0, 0, 2, 0, 1, 1, 1),
            new Conv2dGeometry(2, 1, 3, 3, 1, 1, 0, 0, 0, 2, 1, 1, 1),
            new Conv2dGeometry(3, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1),
            new Conv2dGeometry(2, 1, 3, 2, 2, 1, 1, 0, 2, 1, 2, 3, 1),
            new Conv2dGeometry(4, 1, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1),
            new Conv2dGeometry(1, 1, 5, 5, 1, 3, 3, 3, 3, 3, 1, 1, 1),
        };
        foreach (var (height, width) in new[] { (7, 7), (5, 13), (1, 40), (9, 2) })
        {
            for (int i = 0; i < geometries.Length; i++)
            {
                var g = geometries[i];
                if (g.OutputHeight(height) < 1 || g.OutputWidth(width) < 1)
                {
                    continue;
                }

                foreach (int nr in new[] { 32, 7, 1 })
                {
                    CheckAllPanels(g, height, width, nr, $"geometry {i} ({g}) on {height}×{width}, NR {nr}");
                }
            }
        }
    }

    [Fact]
    public void RandomGeometriesAndOffsetsMatch()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            int kh = random.Next(1, 5), kw = random.Next(1, 5);
            var g = new Conv2dGeometry(random.Next(1, 4), 1, kh, kw, random.Next(1, 4), random.Next(1, 4),
                random.Next(0, 4), random.Next(0, 4), random.Next(0, 4), random.Next(0, 4), random.Next(1, 3), random.Next(1, 3), 1);
            int height = g.DilationH * (kh - 1) + 1 + random.Next(0, 10), width = g.DilationW * (kw - 1) + 1 + random.Next(0, 10);
            CheckAllPanels(g, height, width, random.Next(1, 33), $"seed {seed} ({g}) on {height}×{width}");
        }
    }

    /// <summary>Packs every (depth block, column panel) pair at awkward offsets and compares with the definition.</summary>
    private static void CheckAllPanels(Conv2dGeometry g, int height, int width, int nr, string context)
    {
        int outH = g.OutputHeight(height), outW = g.OutputWidth(width);
        int depth = g.ReductionSize, columns = outH * outW;
        var x = Naive.RandomArray(new Random(depth * 31 + columns), g.InChannels * height * width);
        int depthBlock = Math.Max(1, depth / 3 + 1);
        var panel = new float[depthBlock * nr];
        fixed (float* xp = x)
        fixed (float* dst = panel)
        {
            var source = new ImageColumns(xp, g, height, width);
            for (int k0 = 0; k0 < depth; k0 += depthBlock)
            {
                int kc = Math.Min(depthBlock, depth - k0);
                for (int n0 = 0; n0 < columns; n0 += nr)
                {
                    int cols = Math.Min(nr, columns - n0);
                    Array.Fill(panel, float.NaN);
                    source.Pack(k0, kc, n0, cols, nr, dst);
                    for (int p = 0; p < kc; p++)
                    {
                        for (int j = 0; j < nr; j++)
                        {
                            float expected = j < cols ? Definition(x, g, height, width, k0 + p, n0 + j) : 0f;
                            float actual = panel[p * nr + j];
                            Assert.True(expected == actual, $"{context}: col[{k0 + p}, {n0 + j}] (panel column {j} of {cols}) = {actual}, expected {expected}");
                        }
                    }
                }
            }
        }
    }

    private static float Definition(float[] x, Conv2dGeometry g, int height, int width, int k, int n)
    {
        int taps = g.KernelH * g.KernelW;
        int c = k / taps, kh = k % taps / g.KernelW, kw = k % g.KernelW;
        int oh = n / g.OutputWidth(width), ow = n % g.OutputWidth(width);
        int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH, iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
        return ih < 0 || ih >= height || iw < 0 || iw >= width ? 0f : x[(c * height + ih) * width + iw];
    }
}
