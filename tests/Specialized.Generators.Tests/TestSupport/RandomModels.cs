using Specialized.Manifest;
using Specialized.Testing;

namespace Specialized.Generators.Tests.TestSupport;

/// <summary>
/// Seeded random models for compile-and-run tests. Case i has four weighted layers whose (weight bits, activation
/// bits) pairs are pairs 4i..4i+3 of the 64 pairs in {1..8}², so cases 0..15 cover every pair exactly once.
/// Structure: conv (random kernel, stride, pads, dilation) → conv of a varying kind (depthwise, grouped, plain with
/// two channel groups of different widths, codebook) → residual 3×3 conv + add → a pool → concat with a clamp
/// (some cases) → global average pool → flatten → gemm whose accumulators are an output, plus a codes output.
/// </summary>
internal static class RandomModels
{
    public const int PairsPerCase = 4;

    public static (int WeightBits, int ActivationBits) Pair(int index) => (index % 64 / 8 + 1, index % 8 + 1);

    public static (ManifestSpec Spec, byte[] Blob) Create(int caseIndex)
    {
        var b = new TestModelBuilder(1000 + caseIndex, $"random-{caseIndex}");
        var rng = b.Random;
        var pairs = new Queue<(int W, int A)>(Enumerable.Range(caseIndex * PairsPerCase, PairsPerCase).Select(Pair));
        int NextA() => pairs.Peek().A;

        int channels = rng.Next(1, 7);
        var p0 = pairs.Dequeue();
        string x = b.Input(channels, rng.Next(5, 12), rng.Next(5, 12), p0.A);

        int k0 = rng.Next(1, 4);
        int[] pads0 = [rng.Next(0, k0), rng.Next(0, k0), rng.Next(0, k0), rng.Next(0, k0)];
        int c1 = rng.Next(1, 4) * 2;
        string t = b.Conv(x, c1, k0, rng.Next(1, 3), pads0, k0 > 1 ? rng.Next(1, 3) : 1, 1, [p0.W], NextA(), relu: rng.Next(2) == 0);

        var p1 = pairs.Dequeue();
        string u = (caseIndex % 4) switch
        {
            0 => b.Conv(t, c1, 3, 1, [1, 1, 1, 1], 1, c1, [p1.W], NextA(), relu: true),                         // depthwise
            1 => b.Conv(t, c1 + 2, 3, 2, [1, 0, 1, 1], 1, 2, [p1.W], NextA(), relu: false),                     // grouped, stride 2, asymmetric pads
            2 => b.Conv(t, rng.Next(5, 11), 1, 1, [0, 0, 0, 0], 1, 1, [p1.W, (p1.W % 8) + 1], NextA(), true),  // 1×1, two channel groups
            _ => b.Conv(t, rng.Next(3, 9), 2, 1, [0, 1, 1, 0], 1, 1, [p1.W], NextA(), false, codebook: true),  // codebook weights
        };

        var p2 = pairs.Dequeue();
        var shape = b.Tensor(u).Shape;
        string r = b.Conv(u, shape[0], 3, 1, [1, 1, 1, 1], 1, 1, [p2.W], rng.Next(1, 9), relu: rng.Next(2) == 0);
        string sum = b.Add(u, r, NextA(), relu: rng.Next(2) == 0);
        b.Output(sum, OutputSource.Codes);

        string pooled = (caseIndex % 3) switch
        {
            0 => b.Pool(sum, max: true, 2, 2, [0, 0, 1, 1], ceil: false, false),
            1 => b.Pool(sum, max: false, 3, 2, [1, 1, 1, 1], ceil: true, countIncludePad: caseIndex % 2 == 0),
            _ => b.Pool(sum, max: false, 2, 1, [0, 0, 0, 0], ceil: false, false),
        };

        if (caseIndex % 2 == 1)
        {
            pooled = b.Concat(pooled, b.Unary(pooled, LayerOp.Clamp));
        }

        string flat = b.Unary(b.Unary(pooled, LayerOp.GlobalAvgPool), LayerOp.Flatten);
        var p3 = pairs.Dequeue();
        string logits = b.Gemm(flat, rng.Next(1, 13), p3.W, rng.Next(1, 9), relu: false);
        b.Output(logits, OutputSource.Accumulators);
        return b.Build();
    }

    /// <summary>Normalized-looking inputs: mostly N(0,1)-ish, some far outside the quantization range (to hit clamps).</summary>
    public static float[] Input(Random rng, int length, bool extreme) =>
        Enumerable.Range(0, length).Select(_ => extreme ? (float)(rng.NextDouble() * 200 - 100) : (float)(rng.NextDouble() * 4 - 2)).ToArray();
}
