using Specialized.Runtime.Kernels.Float;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>Every micro-kernel on shapes that hit each edge (M, N, K below, at and past the tile; 1s) against a naive GEMM.</summary>
public sealed unsafe class SgemmTests
{
    public static TheoryData<string> Kernels() => new(Enum.GetNames<GemmKernel>());

    private static readonly int[] Sizes = [1, 2, 3, 5, 7, 8, 11, 12, 13, 16, 17, 31, 32, 33, 48, 65];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesNaiveGemmOnEdgeShapes(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        int cases = 0;
        foreach (int m in Sizes)
        {
            foreach (int n in Sizes)
            {
                foreach (int k in new[] { 1, 2, 9, 64 })
                {
                    Check(kernel, m, n, k, seed: (m * 1000 + n) * 100 + k);
                    cases++;
                }
            }
        }

        Assert.Equal(Sizes.Length * Sizes.Length * 4, cases);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MatchesNaiveGemmOnLargeDepth(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        Check(kernel, 24, 70, 1153, seed: 7);
        Check(kernel, 40, 64, 576, seed: 8);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SplitRangesAndStridedOperandsCompose(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        // Threads split GEMMs by panel and column ranges, and Gemm layers read B and write C transposed:
        // computing Cᵀ piece by piece from Bᵀ must give the same values as one naive product.
        const int m = 29, n = 37, k = 19;
        var random = new Random(11);
        var a = Naive.RandomArray(random, m * k);
        var b = Naive.RandomArray(random, k * n);
        var bias = Naive.RandomArray(random, m);
        var bT = new float[n * k];
        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                bT[j * k + p] = b[p * n + j];
            }
        }

        var packed = PackedMatrixA.Pack(kernel, a, m, k, k, bias);
        var cT = new float[n * m];
        var scratch = new float[Sgemm.PackScratchLength(kernel, k)];
        int mid = packed.PanelCount / 2;
        fixed (float* bp = bT)
        fixed (float* cp = cT)
        fixed (float* sp = scratch)
        {
            var view = new StridedMatrix(bp, 1, k);
            Sgemm.Multiply(packed, 0, mid, view, 0, 13, cp, 1, m, float.NegativeInfinity, float.PositiveInfinity, sp);
            Sgemm.Multiply(packed, 0, mid, view, 13, n, cp, 1, m, float.NegativeInfinity, float.PositiveInfinity, sp);
            Sgemm.Multiply(packed, mid, packed.PanelCount, view, 0, n, cp, 1, m, float.NegativeInfinity, float.PositiveInfinity, sp);
        }

        var (expected, magnitude) = Naive.Gemm(a, b, m, n, k);
        var actual = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                actual[i * n + j] = cT[j * m + i];
                expected[i * n + j] += bias[i];
                magnitude[i * n + j] += Math.Abs(bias[i]);
            }
        }

        Naive.AssertClose(expected, magnitude, actual, $"{kernel} split/strided {m}x{n}x{k}");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CacheBlockingGivesTheUnblockedResult(string kernelName)
    {
        // Depth blocks (accumulating into C, bias once, clamp last), row blocks and column blocks of every size
        // relation, including a last depth block of 1 and edge tiles that accumulate through the scratch tile.
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        int mr = GemmKernels.Mr(kernel), nr = GemmKernels.Nr(kernel);
        foreach (var (m, n, k) in new[] { (3 * mr + 1, 2 * nr + 3, 37), (mr, nr, 64), (1, 1, 5), (2 * mr - 1, nr + 1, 2) })
        {
            foreach (var blocking in new[] { new Blocking(12, 1, 1), new Blocking(9, 2, 2), new Blocking(1, 3, 1), new Blocking(k, 1, 3), new Blocking(k - 1 > 0 ? k - 1 : 1, 5, 2) })
            {
                int seed = m * 7919 + n * 31 + k + blocking.DepthBlock;
                var random = new Random(seed);
                var a = Naive.RandomArray(random, m * k);
                var b = Naive.RandomArray(random, k * n);
                var bias = Naive.RandomArray(random, m);
                var packed = PackedMatrixA.Pack(kernel, a, m, k, k, bias);
                var c = new float[m * n];
                var scratch = new float[blocking.ScratchLength(kernel)];
                const float lo = -0.5f, hi = 0.75f;
                fixed (float* bp = b)
                fixed (float* cp = c)
                fixed (float* sp = scratch)
                {
                    Sgemm.Multiply(packed, 0, packed.PanelCount, new StridedMatrix(bp, n, 1), 0, n, cp, n, 1, lo, hi, sp, blocking);
                }

                var (expected, magnitude) = Naive.Gemm(a, b, m, n, k);
                for (int i = 0; i < m * n; i++)
                {
                    // Clamping is monotone, so a value within tolerance before the clamp stays within it after.
                    expected[i] = Math.Clamp(expected[i] + bias[i / n], lo, hi);
                    magnitude[i] += Math.Abs(bias[i / n]);
                }

                Naive.AssertClose(expected, magnitude, c, $"{kernel} {m}x{n}x{k} {blocking} seed {seed}");
            }
        }
    }

    [Fact]
    public void EpilogueAddsBiasThenClamps()
    {
        // A = [1; -1] (2×1), B = [3] (1×1), bias = [0.5, 0.5], clamp [0, 2]: 3.5 → 2, -2.5 → 0.
        var packed = PackedMatrixA.Pack(GemmKernels.Best, [1f, -1f], 2, 1, 1, [0.5f, 0.5f]);
        float[] b = [3f];
        var c = new float[2];
        var scratch = new float[Sgemm.PackScratchLength(GemmKernels.Best, 1)];
        fixed (float* bp = b)
        fixed (float* cp = c)
        fixed (float* sp = scratch)
        {
            Sgemm.Multiply(packed, 0, packed.PanelCount, new StridedMatrix(bp, 1, 1), 0, 1, cp, 1, 1, 0f, 2f, sp);
        }

        Assert.Equal([2f, 0f], c);
    }

    private static void Check(GemmKernel kernel, int m, int n, int k, int seed)
    {
        var random = new Random(seed);
        var a = Naive.RandomArray(random, m * k);
        var b = Naive.RandomArray(random, k * n);
        var bias = new float[m];

        // Guard columns past N in C catch stores outside the tile's valid part.
        const int guard = 5;
        int ldc = n + guard;
        var c = new float[m * ldc];
        Array.Fill(c, float.NaN);
        var packed = PackedMatrixA.Pack(kernel, a, m, k, k, bias);
        var scratch = new float[Sgemm.PackScratchLength(kernel, k)];
        fixed (float* bp = b)
        fixed (float* cp = c)
        fixed (float* sp = scratch)
        {
            Sgemm.Multiply(packed, 0, packed.PanelCount, new StridedMatrix(bp, n, 1), 0, n, cp, ldc, 1, float.NegativeInfinity, float.PositiveInfinity, sp);
        }

        var (expected, magnitude) = Naive.Gemm(a, b, m, n, k);
        var actual = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            Array.Copy(c, i * ldc, actual, i * n, n);
            for (int j = n; j < ldc; j++)
            {
                Assert.True(float.IsNaN(c[i * ldc + j]), $"{kernel} M×N×K={m}x{n}x{k} seed {seed}: wrote past N at row {i} column {j}");
            }
        }

        Naive.AssertClose(expected, magnitude, actual, $"{kernel} M×N×K={m}x{n}x{k} seed {seed}");
    }
}
