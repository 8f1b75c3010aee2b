using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>MaxPool/AveragePool/GlobalAveragePool against the PyTorch-style oracle in <see cref="Naive.Pool"/> and hand-computed values.</summary>
public sealed class PoolingTests
{
    [Fact]
    public void CeilModeAverageCountsPaddingButNotOverhang()
    {
        // 1×1×3×3 input 1..9, kernel 2, stride 2, pad 1, ceil mode: output 2×2 (a third window would start past
        // the input + left pad and is dropped). Window (0,0) covers padded rows/cols {-1,0}: only x[0,0] = 1 is real,
        // all 4 positions are inside the padded input → 1/4. Window (1,1) covers {1,2}×{1,2} = 5+6+8+9 = 28 → 7.
        var x = new DenseTensor<float>([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var g = new Pool2dGeometry(2, 2, 2, 2, 1, 1, 1, 1, 1, 1, true);
        Assert.Equal([0.25f, (2 + 3) / 4f, (4 + 7) / 4f, 7f], Run(new AveragePoolNode("a", "x", "y", g, true), x).Data);
        Assert.Equal([1f, 2.5f, 5.5f, 7f], Run(new AveragePoolNode("a", "x", "y", g, false), x).Data);
        Assert.Equal([1f, 3f, 7f, 9f], Run(new MaxPoolNode("m", "x", "y", g), x).Data);
    }

    [Fact]
    public void CeilModeWindowHangingPastPaddingIsNotCounted()
    {
        // 1×1×4×4 ones, kernel 3, stride 2, pad 0, ceil mode → 2×2; the last window covers rows {2,3,4}: row 4 is
        // past the input with no padding there, so even count_include_pad divides by 2×2 = 4 (PyTorch), giving 1.
        var x = new DenseTensor<float>([1, 1, 4, 4], Enumerable.Repeat(1f, 16).ToArray());
        var g = new Pool2dGeometry(3, 3, 2, 2, 0, 0, 0, 0, 1, 1, true);
        Assert.Equal([1f, 1f, 1f, 1f], Run(new AveragePoolNode("a", "x", "y", g, true), x).Data);
    }

    [Fact]
    public void RandomGeometriesMatchOracle()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var r = new Random(seed);
            int k = r.Next(1, 5), s = r.Next(1, 4), d = r.Next(1, 3);
            int pad = r.Next(0, (k + 1) / 2 + 1);
            pad = Math.Min(pad, k / 2);
            var g = new Pool2dGeometry(k, k, s, s, pad, pad, pad, pad, d, d, r.Next(2) == 0);
            int size = d * (k - 1) + 1 + r.Next(0, 9);
            int[] shape = [r.Next(1, 3), r.Next(1, 4), size, size + r.Next(0, 3)];
            var x = Naive.RandomArray(r, shape.Aggregate(1, (a, b) => a * b));
            bool includePad = r.Next(2) == 0;
            foreach (var max in new[] { true, false })
            {
                if (!max && d > 1)
                {
                    continue; // PyTorch average pooling has no dilation; the oracle's divisor rule is only defined without it.
                }

                Pool2dNode node = max ? new MaxPoolNode("p", "x", "y", g) : new AveragePoolNode("p", "x", "y", g, includePad);
                var (expected, expectedShape) = Naive.Pool(x, shape, g, max, includePad);
                var actual = Run(node, new DenseTensor<float>(shape, x));
                Assert.Equal(expectedShape, actual.Shape);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= 1e-5f, $"seed {seed} {g} max={max} includePad={includePad} at {i}: expected {expected[i]} got {actual.Data[i]}");
                }
            }
        }
    }

    [Fact]
    public void GlobalAveragePoolIsPlaneMean()
    {
        var x = new DenseTensor<float>([2, 1, 2, 2], [1, 2, 3, 4, -4, 0, 0, 8]);
        var y = Run(new GlobalAveragePoolNode("g", "x", "y"), x);
        Assert.Equal([2, 1, 1, 1], y.Shape);
        Assert.Equal([2.5f, 1f], y.Data);
    }

    private static DenseTensor<float> Run(Node node, DenseTensor<float> x)
    {
        using var executor = new FloatExecutor(new ModelGraph("t", "x", x.Shape, [node], ["y"]), 2);
        return executor.Run(x);
    }
}
