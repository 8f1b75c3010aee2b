using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// Register-only throughput of the instruction sequences the generated conv/gemm paths are built on, in GMAC/s (one
/// MAC = one u8 × s8 product added into a sum), so each kernel can be reported as a fraction of the peak of what it
/// relies on. Each loop runs 12 independent chains whose operand is the chain's own previous value (nothing is loop
/// invariant, so nothing can be hoisted); 12 chains cover the multiply latency at two multiply pipes. A minimal
/// set, like <see cref="FmaPeak"/>: only the sequences the emitters use.
/// </summary>
public static class IntegerPeak
{
    private const long Iterations = 5_000_000;

    /// <summary>A measured sequence: its name, MACs per chain step, whether the machine has it, and the loop.</summary>
    public sealed record Sequence(string Name, int MacsPerStep, bool Supported, Func<long, int> Loop);

    /// <summary>vpmaddubsw pair sums added in int16 on zmm: what the Int16Accumulation family's zmm path relies on.</summary>
    public static Sequence Int16Zmm { get; } = new("vpmaddubsw+vpaddw zmm (Int16 accumulation)", 64, Avx512BW.IsSupported, PairSumsInt16Zmm);

    /// <summary>vpmaddubsw → vpmaddwd → vpaddd on zmm: the Int8 family without VNNI.</summary>
    public static Sequence Int32Zmm { get; } = new("vpmaddubsw+vpmaddwd+vpaddd zmm (Int8)", 64, Avx512BW.IsSupported, PairSumsInt32Zmm);

    /// <summary>vpdpbusd on ymm: the Int8 family where AvxVnni exists.</summary>
    public static Sequence VnniYmm { get; } = new("vpdpbusd ymm (AvxVnni)", 32, AvxVnni.IsSupported, Vnni256);

    /// <summary>The sequences, by the path names the kernels use.</summary>
    public static IReadOnlyList<Sequence> Sequences { get; } =
    [
        Int16Zmm,
        Int32Zmm,
        VnniYmm,
        new("vpmaddubsw+vpaddw ymm (Avx2 Int16 accumulation)", 32, Avx2.IsSupported, PairSumsInt16Ymm),
        new("vpmaddubsw+vpmaddwd+vpaddd ymm (Avx2 Int8)", 32, Avx2.IsSupported, PairSumsInt32Ymm),
    ];

    /// <summary>GMAC/s of <paramref name="threads"/> threads running <paramref name="sequence"/>; best of 15 short attempts (the best is the one that had the core to itself on a shared machine).</summary>
    public static double Measure(Sequence sequence, int threads)
    {
        if (!sequence.Supported)
        {
            return double.NaN;
        }

        sequence.Loop(1000); // JIT before timing
        double best = 0;
        for (int attempt = 0; attempt < 15; attempt++)
        {
            var sw = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Sink(sequence.Loop(Iterations)))).ToArray();
            foreach (var t in workers)
            {
                t.Start();
            }

            foreach (var t in workers)
            {
                t.Join();
            }

            double macs = (double)threads * Iterations * 12 * sequence.MacsPerStep;
            best = Math.Max(best, macs / sw.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    /// <summary>Prints the peak table for 1 and 2 threads.</summary>
    public static IReadOnlyDictionary<string, double> Print()
    {
        var peaks = new Dictionary<string, double>();
        Console.WriteLine("instruction sequence                                 GMAC/s 1 thread   GMAC/s 2 threads");
        foreach (var s in Sequences)
        {
            double one = Measure(s, 1);
            double two = Measure(s, 2);
            peaks[s.Name] = one;
            Console.WriteLine($"{s.Name,-52} {one,16:F1} {two,18:F1}");
        }

        return peaks;
    }

    private static int _sink;

    private static void Sink(int value) => _sink += value;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PairSumsInt16Zmm(long iterations)
    {
        var w = Vector512.Create((sbyte)3);
        var s0 = Vector512.Create((short)1); var s1 = s0; var s2 = s0; var s3 = s0; var s4 = s0; var s5 = s0;
        var s6 = s0; var s7 = s0; var s8 = s0; var s9 = s0; var s10 = s0; var s11 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 += Avx512BW.MultiplyAddAdjacent(s0.AsByte(), w); s1 += Avx512BW.MultiplyAddAdjacent(s1.AsByte(), w);
            s2 += Avx512BW.MultiplyAddAdjacent(s2.AsByte(), w); s3 += Avx512BW.MultiplyAddAdjacent(s3.AsByte(), w);
            s4 += Avx512BW.MultiplyAddAdjacent(s4.AsByte(), w); s5 += Avx512BW.MultiplyAddAdjacent(s5.AsByte(), w);
            s6 += Avx512BW.MultiplyAddAdjacent(s6.AsByte(), w); s7 += Avx512BW.MultiplyAddAdjacent(s7.AsByte(), w);
            s8 += Avx512BW.MultiplyAddAdjacent(s8.AsByte(), w); s9 += Avx512BW.MultiplyAddAdjacent(s9.AsByte(), w);
            s10 += Avx512BW.MultiplyAddAdjacent(s10.AsByte(), w); s11 += Avx512BW.MultiplyAddAdjacent(s11.AsByte(), w);
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PairSumsInt32Zmm(long iterations)
    {
        var w = Vector512.Create((sbyte)3);
        var ones = Vector512.Create((short)1);
        var c0 = Vector512.Create(1); var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0;
        var c6 = c0; var c7 = c0; var c8 = c0; var c9 = c0; var c10 = c0; var c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c0.AsByte(), w), ones);
            c1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c1.AsByte(), w), ones);
            c2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c2.AsByte(), w), ones);
            c3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c3.AsByte(), w), ones);
            c4 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c4.AsByte(), w), ones);
            c5 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c5.AsByte(), w), ones);
            c6 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c6.AsByte(), w), ones);
            c7 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c7.AsByte(), w), ones);
            c8 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c8.AsByte(), w), ones);
            c9 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c9.AsByte(), w), ones);
            c10 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c10.AsByte(), w), ones);
            c11 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(c11.AsByte(), w), ones);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Vnni256(long iterations)
    {
        var w = Vector256.Create((sbyte)3);
        var c0 = Vector256.Create(1); var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0;
        var c6 = c0; var c7 = c0; var c8 = c0; var c9 = c0; var c10 = c0; var c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, c0.AsByte(), w); c1 = AvxVnni.MultiplyWideningAndAdd(c1, c1.AsByte(), w);
            c2 = AvxVnni.MultiplyWideningAndAdd(c2, c2.AsByte(), w); c3 = AvxVnni.MultiplyWideningAndAdd(c3, c3.AsByte(), w);
            c4 = AvxVnni.MultiplyWideningAndAdd(c4, c4.AsByte(), w); c5 = AvxVnni.MultiplyWideningAndAdd(c5, c5.AsByte(), w);
            c6 = AvxVnni.MultiplyWideningAndAdd(c6, c6.AsByte(), w); c7 = AvxVnni.MultiplyWideningAndAdd(c7, c7.AsByte(), w);
            c8 = AvxVnni.MultiplyWideningAndAdd(c8, c8.AsByte(), w); c9 = AvxVnni.MultiplyWideningAndAdd(c9, c9.AsByte(), w);
            c10 = AvxVnni.MultiplyWideningAndAdd(c10, c10.AsByte(), w); c11 = AvxVnni.MultiplyWideningAndAdd(c11, c11.AsByte(), w);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PairSumsInt16Ymm(long iterations)
    {
        var w = Vector256.Create((sbyte)3);
        var s0 = Vector256.Create((short)1); var s1 = s0; var s2 = s0; var s3 = s0; var s4 = s0; var s5 = s0;
        var s6 = s0; var s7 = s0; var s8 = s0; var s9 = s0; var s10 = s0; var s11 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 += Avx2.MultiplyAddAdjacent(s0.AsByte(), w); s1 += Avx2.MultiplyAddAdjacent(s1.AsByte(), w);
            s2 += Avx2.MultiplyAddAdjacent(s2.AsByte(), w); s3 += Avx2.MultiplyAddAdjacent(s3.AsByte(), w);
            s4 += Avx2.MultiplyAddAdjacent(s4.AsByte(), w); s5 += Avx2.MultiplyAddAdjacent(s5.AsByte(), w);
            s6 += Avx2.MultiplyAddAdjacent(s6.AsByte(), w); s7 += Avx2.MultiplyAddAdjacent(s7.AsByte(), w);
            s8 += Avx2.MultiplyAddAdjacent(s8.AsByte(), w); s9 += Avx2.MultiplyAddAdjacent(s9.AsByte(), w);
            s10 += Avx2.MultiplyAddAdjacent(s10.AsByte(), w); s11 += Avx2.MultiplyAddAdjacent(s11.AsByte(), w);
        }

        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int PairSumsInt32Ymm(long iterations)
    {
        var w = Vector256.Create((sbyte)3);
        var ones = Vector256.Create((short)1);
        var c0 = Vector256.Create(1); var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0;
        var c6 = c0; var c7 = c0; var c8 = c0; var c9 = c0; var c10 = c0; var c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c0.AsByte(), w), ones);
            c1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c1.AsByte(), w), ones);
            c2 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c2.AsByte(), w), ones);
            c3 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c3.AsByte(), w), ones);
            c4 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c4.AsByte(), w), ones);
            c5 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c5.AsByte(), w), ones);
            c6 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c6.AsByte(), w), ones);
            c7 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c7.AsByte(), w), ones);
            c8 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c8.AsByte(), w), ones);
            c9 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c9.AsByte(), w), ones);
            c10 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c10.AsByte(), w), ones);
            c11 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(c11.AsByte(), w), ones);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
