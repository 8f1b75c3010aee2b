using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Kernels.Integer;

namespace Specialized.Runtime.Tests.Kernels;

/// <summary>
/// The generated kernels' vector epilogue against the scalar reference epilogue, lane by lane and bit for bit: random
/// and extreme accumulators (int32 limits, zero, ties), every shift in [−32, 30], multipliers at both ends of
/// [2^30, 2^31), random zero points and clamps. A path the machine lacks cannot run
/// and is not checked (the generator's InstructionSetTests rerun the generated models under narrower instruction sets).
/// </summary>
public sealed class GemmEpilogueTests
{
    private static readonly int[] Extremes = [0, 1, -1, 2, -2, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 1 << 30, -(1 << 30), 65535, -65536, 1 << 24, -(1 << 24)];

    private static (int[] Acc, int[] M, int[] Shift) Lanes(Random rng, int count)
    {
        var acc = new int[count];
        var m = new int[count];
        var shift = new int[count];
        for (int i = 0; i < count; i++)
        {
            acc[i] = rng.Next(4) switch
            {
                0 => rng.Next(int.MinValue, int.MaxValue),
                1 => rng.Next(-1 << 16, 1 << 16),
                2 => Extremes[rng.Next(Extremes.Length)],
                _ => rng.Next(-300, 300) << rng.Next(0, 20),
            };
            m[i] = rng.Next(3) switch { 0 => 1 << 30, 1 => int.MaxValue, _ => rng.Next(1 << 30, int.MaxValue) };
            shift[i] = rng.Next(-32, 31);
        }

        return (acc, m, shift);
    }

    private static void Check(int lanes, Func<int[], int[], int[], int, int, int, int[]> vector)
    {
        const int seed = 424242;
        var rng = new Random(seed);
        for (int trial = 0; trial < 40_000; trial++)
        {
            var (acc, m, shift) = Lanes(rng, lanes);
            int bits = rng.Next(1, 9);
            int zp = rng.Next(0, 1 << bits);
            int qMin = rng.Next(0, 1 << bits);
            int qMax = rng.Next(qMin, 1 << bits);
            var actual = vector(acc, m, shift, zp, qMin, qMax);
            for (int i = 0; i < lanes; i++)
            {
                int expected = GemmEpilogue.Scalar(acc[i], m[i], shift[i], zp, qMin, qMax);
                Assert.True(expected == actual[i], $"seed {seed} trial {trial} lane {i}: acc={acc[i]} M={m[i]} shift={shift[i]} zp={zp} clamp=[{qMin},{qMax}] expected {expected} got {actual[i]}");
            }
        }
    }

    [Fact]
    public void Vector512_requantize_equals_the_scalar_epilogue()
    {
        if (!Avx512F.IsSupported)
        {
            return; // the path does not exist on this machine (xunit 2 has no dynamic skip); nothing can call it
        }

        Check(16, (a, m, s, zp, lo, hi) =>
        {
            var r = GemmEpilogue.Requantize(Vector512.Create(a), Vector512.Create(m), Vector512.Create(s), zp, lo, hi);
            var result = new int[16];
            r.CopyTo(result);
            return result;
        });
    }

    [Fact]
    public void Vector256_requantize_equals_the_scalar_epilogue()
    {
        if (!Avx2.IsSupported)
        {
            return; // as above
        }

        Check(8, (a, m, s, zp, lo, hi) =>
        {
            var r = GemmEpilogue.Requantize(Vector256.Create(a), Vector256.Create(m), Vector256.Create(s), zp, lo, hi);
            var result = new int[8];
            r.CopyTo(result);
            return result;
        });
    }

    [Fact]
    public void Vector128_requantize_equals_the_scalar_epilogue() =>
        Check(4, (a, m, s, zp, lo, hi) =>
        {
            var r = GemmEpilogue.Requantize(Vector128.Create(a), Vector128.Create(m), Vector128.Create(s), zp, lo, hi);
            var result = new int[4];
            r.CopyTo(result);
            return result;
        });

    [Fact]
    public void Partial_stores_write_exactly_count_values()
    {
        var codes = Enumerable.Range(1, 16).ToArray();
        for (int count = 1; count <= 16; count++)
        {
            var bytes = Enumerable.Repeat((byte)0xEE, 20).ToArray();
            var ints = Enumerable.Repeat(-7, 20).ToArray();
            if (Avx512F.IsSupported)
            {
                GemmEpilogue.StoreCodes(Vector512.Create(codes), ref bytes[2], count);
                GemmEpilogue.StoreInts(Vector512.Create(codes), ref ints[2], count);
                AssertPrefix(bytes, ints, count);
            }

            if (count <= 8 && Avx2.IsSupported)
            {
                bytes.AsSpan().Fill(0xEE);
                ints.AsSpan().Fill(-7);
                GemmEpilogue.StoreCodes(Vector256.Create(codes.AsSpan(0, 8)), ref bytes[2], count);
                GemmEpilogue.StoreInts(Vector256.Create(codes.AsSpan(0, 8)), ref ints[2], count);
                AssertPrefix(bytes, ints, count);
            }

            if (count <= 4)
            {
                bytes.AsSpan().Fill(0xEE);
                ints.AsSpan().Fill(-7);
                GemmEpilogue.StoreCodes(Vector128.Create(codes.AsSpan(0, 4)), ref bytes[2], count);
                GemmEpilogue.StoreInts(Vector128.Create(codes.AsSpan(0, 4)), ref ints[2], count);
                AssertPrefix(bytes, ints, count);
            }
        }
    }

    private static void AssertPrefix(byte[] bytes, int[] ints, int count)
    {
        for (int i = 0; i < 20; i++)
        {
            bool written = i >= 2 && i < 2 + count;
            Assert.Equal(written ? (byte)(i - 1) : (byte)0xEE, bytes[i]);
            Assert.Equal(written ? i - 1 : -7, ints[i]);
        }
    }
}
