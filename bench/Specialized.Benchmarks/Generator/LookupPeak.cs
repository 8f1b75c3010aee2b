using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// Register-only throughput of the table-lookup instructions the lookup-table families could be built on (vpshufb,
/// vpermb, vpermw, vpermi2b, vpermi2w) and of the instruction mixes those families use per lookup, in instructions
/// per cycle, so a design is chosen from measured figures rather than from tables found elsewhere. The clock is
/// measured too (a dependent imul chain: 3 cycles per imul on Zen 4), so figures are per cycle. Each loop runs 12
/// independent chains whose index operand is the chain's own previous value (nothing is loop invariant).
/// </summary>
public static class LookupPeak
{
    private const long Iterations = 4_000_000;

    /// <summary>One 12-chain step: a chain's next value from its previous one and two constant registers.</summary>
    private interface IStep
    {
        static abstract Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1);
    }

    /// <summary>A measured mix: name, instructions per chain step, and the loop.</summary>
    public sealed record Mix(string Name, int Instructions, bool Supported, Func<long, int> Loop);

    public static IReadOnlyList<Mix> Mixes { get; } =
    [
        new("vpshufb zmm", 1, Avx512BW.IsSupported, Chains<Shufb>),
        new("vpermb zmm", 1, Avx512Vbmi.IsSupported, Chains<Permb>),
        new("vpermw zmm", 1, Avx512BW.IsSupported, Chains<Permw>),
        new("vpermi2b zmm (128-entry table)", 1, Avx512Vbmi.IsSupported, Chains<Permi2b>),
        new("vpermi2w zmm (64-entry table)", 1, Avx512BW.IsSupported, Chains<Permi2w>),
        new("vpmaddubsw zmm", 1, Avx512BW.IsSupported, Chains<Maddubs>),
        new("vpaddw zmm", 1, Avx512BW.IsSupported, Chains<Addw>),
        new("vpermb + vpaddb", 2, Avx512Vbmi.IsSupported, Chains<PermbAddb>),
        new("vpermb + vpmaddubsw + vpaddw", 3, Avx512Vbmi.IsSupported, Chains<PermbMaddubsAddw>),
        new("vpermw + vpaddw", 2, Avx512BW.IsSupported, Chains<PermwAddw>),
        new("vpermi2w + vpaddw", 2, Avx512BW.IsSupported, Chains<Permi2wAddw>),
        new("vpor + vpshufb + vpaddb (product table)", 3, Avx512BW.IsSupported, Chains<OrShufbAddb>),
        new("vpmaddubsw + vpaddw (int16 accumulation)", 2, Avx512BW.IsSupported, Chains<MaddubsAddw>),
    ];

    /// <summary>The ProductTable family's zmm step: vpor (index) + vpshufb (64 int8 products) + vpaddb, 64 MACs.</summary>
    public static IntegerPeak.Sequence ProductTable { get; } = new("vpor+vpshufb+vpaddb zmm (ProductTable)", 64, Avx512BW.IsSupported, Chains<OrShufbAddb>);

    /// <summary>
    /// The BitPlane family's step on (w, a): one lookup and one add (vpermb + vpaddb into u8 tables for a ≤ 5, vpermw +
    /// vpaddw into int16 tables above), counted in the MACs one lookup serves: 32 channels × 6 codes × 2 planes over
    /// ⌈max(2, w) / 2⌉·2 planes (u8), 32 channels × 5 codes over w planes (int16; binary: 1 signed plane).
    /// </summary>
    public static IntegerPeak.Sequence BitPlane(int w, int a) => a <= 5
        ? new($"vpermb+vpaddb zmm (BitPlane u8, {192 / ((Math.Max(2, w) + 1) / 2)} MAC/lookup)", 192 / ((Math.Max(2, w) + 1) / 2), Avx512Vbmi.IsSupported, Chains<PermbAddb>)
        : new($"vpermw+vpaddw zmm (BitPlane int16, {160 / w} MAC/lookup)", 160 / w, Avx512BW.IsSupported, Chains<PermwAddw>);

    /// <summary>The core clock in GHz: a dependent chain of 64-bit imul, 3 cycles each; best of 7.</summary>
    public static double ClockGhz()
    {
        Imul(1000);
        double best = 0;
        for (int attempt = 0; attempt < 7; attempt++)
        {
            const long n = 50_000_000;
            var sw = Stopwatch.StartNew();
            Sink((int)Imul(n));
            best = Math.Max(best, 3.0 * n / sw.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    /// <summary>Instructions per cycle of <paramref name="mix"/> on one thread (best of 15 attempts), at <paramref name="ghz"/>.</summary>
    public static double PerCycle(Mix mix, double ghz)
    {
        if (!mix.Supported)
        {
            return double.NaN;
        }

        mix.Loop(1000);
        double best = 0;
        for (int attempt = 0; attempt < 15; attempt++)
        {
            var sw = Stopwatch.StartNew();
            Sink(mix.Loop(Iterations));
            double cycles = sw.Elapsed.TotalSeconds * ghz * 1e9;
            best = Math.Max(best, (double)Iterations * 12 * mix.Instructions / cycles);
        }

        return best;
    }

    public static void Print()
    {
        double ghz = ClockGhz();
        Console.WriteLine($"clock (dependent imul chain): {ghz:F2} GHz");
        Console.WriteLine($"{"instruction mix",-44} {"instr/cycle",12} {"steps/cycle",12}");
        foreach (var mix in Mixes)
        {
            double ipc = PerCycle(mix, ghz);
            Console.WriteLine($"{mix.Name,-44} {ipc,12:F2} {ipc / mix.Instructions,12:F2}");
        }
    }

    private static int _sink;

    private static void Sink(int value) => _sink += value;

    private static long _multiplier = 3;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Imul(long n)
    {
        long x = 1, m = _multiplier;
        for (long i = 0; i < n; i++)
        {
            x *= m;
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Chains<T>(long iterations)
        where T : struct, IStep
    {
        var t0 = Vector512.Create((byte)5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63);
        var t1 = Vector512.Create((byte)3);
        var s0 = Vector512.Create((byte)1); var s1 = s0 + t1; var s2 = s1 + t1; var s3 = s2 + t1; var s4 = s3 + t1; var s5 = s4 + t1;
        var s6 = s5 + t1; var s7 = s6 + t1; var s8 = s7 + t1; var s9 = s8 + t1; var s10 = s9 + t1; var s11 = s10 + t1;
        for (long i = 0; i < iterations; i++)
        {
            s0 = T.Next(s0, t0, t1); s1 = T.Next(s1, t0, t1); s2 = T.Next(s2, t0, t1); s3 = T.Next(s3, t0, t1);
            s4 = T.Next(s4, t0, t1); s5 = T.Next(s5, t0, t1); s6 = T.Next(s6, t0, t1); s7 = T.Next(s7, t0, t1);
            s8 = T.Next(s8, t0, t1); s9 = T.Next(s9, t0, t1); s10 = T.Next(s10, t0, t1); s11 = T.Next(s11, t0, t1);
        }

        return (int)Vector512.Sum((s0 ^ s1 ^ s2 ^ s3 ^ s4 ^ s5 ^ s6 ^ s7 ^ s8 ^ s9 ^ s10 ^ s11).AsInt32());
    }

    private struct Shufb : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512BW.Shuffle(t0, s);
    }

    private struct Permb : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512Vbmi.PermuteVar64x8(t0, s);
    }

    private struct Permw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512BW.PermuteVar32x16(t0.AsUInt16(), s.AsUInt16()).AsByte();
    }

    private struct Permi2b : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512Vbmi.PermuteVar64x8x2(t0, s, t1);
    }

    private struct Permi2w : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512BW.PermuteVar32x16x2(t0.AsUInt16(), s.AsUInt16(), t1.AsUInt16()).AsByte();
    }

    private struct Maddubs : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => Avx512BW.MultiplyAddAdjacent(s, t1.AsSByte()).AsByte();
    }

    private struct Addw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => (s.AsInt16() + t1.AsInt16()).AsByte();
    }

    private struct PermbAddb : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => s + Avx512Vbmi.PermuteVar64x8(t0, s);
    }

    private struct PermbMaddubsAddw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) =>
            (s.AsInt16() + Avx512BW.MultiplyAddAdjacent(Avx512Vbmi.PermuteVar64x8(t0, s), t1.AsSByte())).AsByte();
    }

    private struct PermwAddw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) =>
            (s.AsUInt16() + Avx512BW.PermuteVar32x16(t0.AsUInt16(), s.AsUInt16())).AsByte();
    }

    private struct Permi2wAddw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) =>
            (s.AsUInt16() + Avx512BW.PermuteVar32x16x2(t0.AsUInt16(), s.AsUInt16(), t1.AsUInt16())).AsByte();
    }

    private struct OrShufbAddb : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) => s + Avx512BW.Shuffle(t0, s | t1);
    }

    private struct MaddubsAddw : IStep
    {
        public static Vector512<byte> Next(Vector512<byte> s, Vector512<byte> t0, Vector512<byte> t1) =>
            (s.AsInt16() + Avx512BW.MultiplyAddAdjacent(s, t1.AsSByte())).AsByte();
    }
}
