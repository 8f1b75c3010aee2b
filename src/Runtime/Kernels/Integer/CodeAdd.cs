using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Reference;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The quantized residual add of the generated models, vectorized: exactly <see cref="IntegerReference.Add"/>,
/// <c>clamp(z_y + rescale.Apply(a − z_a, b − z_b), qMin, qMax)</c>, 16 codes per step on Avx512F, 8 on Avx2, then
/// the scalar reference formula for the tail (and for every code on other machines).
/// </summary>
/// <remarks>
/// <para>Why exact: per lane the sum (a − z_a)·M_a + (b − z_b)·M_b is formed exactly in 64 bits (vpmuldq of the
/// even and the odd int32 lanes: |code − z| ≤ 255 and M &lt; 2^31, so |sum| &lt; 2^40), then rounded half away from
/// zero as <see cref="AddRescale.Apply"/> does: t = (|sum| + 2^(S−1)) >> S with the sign restored.</para>
/// <para>t is narrowed to 32 bits, which keeps it exact when S ≥ 10 (t &lt; 2^31); every rescale built by
/// <see cref="AddRescale.FromScales"/> has S ≥ 14 (ratios ≤ 2^16). A hand-made rescale with a smaller shift takes
/// the scalar path.</para>
/// </remarks>
public static class CodeAdd
{
    /// <summary>Smallest shift for which the vector paths' 32-bit narrowing is exact.</summary>
    private const int MinVectorShift = 10;

    /// <summary>Writes <c>output[i] = clamp(z_y + rescale.Apply(left[i] − z_a, right[i] − z_b), qMin, qMax)</c> for i in [<paramref name="first"/>, +<paramref name="count"/>).</summary>
    /// <exception cref="ArgumentException">The spans differ in length or the range lies outside them.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per layer and run: no tier-0 runs in a benchmark's few passes
    public static void Run(
        ReadOnlySpan<byte> left, int leftZeroPoint, ReadOnlySpan<byte> right, int rightZeroPoint, AddRescale rescale,
        int outputZeroPoint, int qMin, int qMax, Span<byte> output, int first, int count)
    {
        if (right.Length != left.Length || output.Length != left.Length || first < 0 || count < 0 || first + count > left.Length)
        {
            throw new ArgumentException($"add of {left.Length} + {right.Length} codes into {output.Length}, range {first}+{count}, does not fit");
        }

        ref byte a = ref Unsafe.Add(ref MemoryMarshal.GetReference(left), first);
        ref byte b = ref Unsafe.Add(ref MemoryMarshal.GetReference(right), first);
        ref byte y = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), first);
        int i = 0;
        if (rescale.RightShift >= MinVectorShift && Avx512F.IsSupported)
        {
            var za = Vector512.Create(leftZeroPoint);
            var zb = Vector512.Create(rightZeroPoint);
            var ma = Vector512.Create(rescale.LeftMultiplier);
            var mb = Vector512.Create(rescale.RightMultiplier);
            for (; i + 16 <= count; i += 16)
            {
                var da = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref a, (nuint)i)) - za;
                var db = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref b, (nuint)i)) - zb;
                var even = Avx512F.Multiply(da, ma) + Avx512F.Multiply(db, mb);
                var odd = Avx512F.Multiply((da.AsInt64() >> 32).AsInt32(), ma) + Avx512F.Multiply((db.AsInt64() >> 32).AsInt32(), mb);
                var rounded = (Round(even, rescale.RightShift) & Vector512.Create(0xFFFF_FFFFL)) | (Round(odd, rescale.RightShift) << 32);
                var codes = Vector512.Min(Vector512.Max(rounded.AsInt32() + Vector512.Create(outputZeroPoint), Vector512.Create(qMin)), Vector512.Create(qMax));
                GemmEpilogue.StoreCodes(codes, ref Unsafe.Add(ref y, i), 16);
            }
        }

        if (rescale.RightShift >= MinVectorShift && Avx2.IsSupported)
        {
            var za = Vector256.Create(leftZeroPoint);
            var zb = Vector256.Create(rightZeroPoint);
            var ma = Vector256.Create(rescale.LeftMultiplier);
            var mb = Vector256.Create(rescale.RightMultiplier);
            for (; i + 8 <= count; i += 8)
            {
                var da = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i))).AsByte()) - za;
                var db = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, i))).AsByte()) - zb;
                var even = Avx2.Multiply(da, ma) + Avx2.Multiply(db, mb);
                var odd = Avx2.Multiply((da.AsInt64() >> 32).AsInt32(), ma) + Avx2.Multiply((db.AsInt64() >> 32).AsInt32(), mb);
                var rounded = (Round(even, rescale.RightShift) & Vector256.Create(0xFFFF_FFFFL)) | (Round(odd, rescale.RightShift) << 32);
                var codes = Vector256.Min(Vector256.Max(rounded.AsInt32() + Vector256.Create(outputZeroPoint), Vector256.Create(qMin)), Vector256.Create(qMax));
                GemmEpilogue.StoreCodes(codes, ref Unsafe.Add(ref y, i), 8);
            }
        }

        for (; i < count; i++)
        {
            long sum = rescale.Apply(Unsafe.Add(ref a, i) - leftZeroPoint, Unsafe.Add(ref b, i) - rightZeroPoint);
            Unsafe.Add(ref y, i) = (byte)Math.Clamp(outputZeroPoint + sum, qMin, qMax);
        }
    }

    /// <summary>round(sum / 2^shift) half away from zero per 64-bit lane (as <see cref="AddRescale.Apply"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Round(Vector512<long> sum, int shift)
    {
        var negative = Vector512.LessThan(sum, Vector512<long>.Zero);
        var magnitude = (sum ^ negative) - negative;
        var t = (magnitude + Vector512.Create(1L << (shift - 1))).AsUInt64() >> shift;
        return (t.AsInt64() ^ negative) - negative;
    }

    /// <inheritdoc cref="Round(Vector512{long}, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Round(Vector256<long> sum, int shift)
    {
        var negative = Vector256.LessThan(sum, Vector256<long>.Zero);
        var magnitude = (sum ^ negative) - negative;
        var t = (magnitude + Vector256.Create(1L << (shift - 1))).AsUInt64() >> shift;
        return (t.AsInt64() ^ negative) - negative;
    }
}
