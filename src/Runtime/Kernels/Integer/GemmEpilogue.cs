using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The vectorized output epilogue of the generated conv/gemm kernels: a vector of int32 accumulators (lane =
/// output channel) → output codes, exactly <see cref="Requantization.RequantizeToOutput"/> per lane, and the
/// stores of a whole or partial vector. Inlined into the generated kernels.
/// </summary>
/// <remarks>
/// <para>Why it is exact: <see cref="FixedPointMultiplier.Apply"/> rounds |acc|·M / 2^s half away from zero with
/// s = 31 − shift ∈ [1, 63], i.e. t = (|acc|·M + 2^(s−1)) >> s, then restores the sign. Here |acc|·M is the exact
/// unsigned 64-bit product (vpmuludq of even and odd lanes), and t = ((p >> (s − 1)) + 1) >> 1, which equals
/// (p + 2^(s−1)) >> s for every p ≥ 0 (write p = q·2^(s−1) + r with r &lt; 2^(s−1): both are ⌊(q + 1)/2⌋).</para>
/// <para>t is capped at 1024 before it is narrowed to 32 bits: output codes lie in [0, 255], so zp ± t leaves
/// [qMin, qMax] on the same side for every t ≥ 1024, and the clamp gives what the reference's 64-bit sum gives.</para>
/// </remarks>
public static class GemmEpilogue
{
    /// <summary>Any |rounded value| at or above this saturates every 8-bit output code range.</summary>
    private const ulong Cap = 1024;

    /// <summary>clamp(zp + round(acc · M·2^(shift − 31)), qMin, qMax) per lane (Avx512F).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Requantize(Vector512<int> acc, Vector512<int> multiplier, Vector512<int> shift, int zeroPoint, int qMin, int qMax)
    {
        var magnitude = Vector512.Abs(acc).AsUInt32(); // |int.MinValue| = 2^31 as uint: still exact
        var m = multiplier.AsUInt32();
        var count = (Vector512.Create(30) - shift).AsUInt64(); // s − 1 per lane, two lanes per qword
        var even = Avx512F.Multiply(magnitude, m);
        var odd = Avx512F.Multiply((magnitude.AsUInt64() >> 32).AsUInt32(), (m.AsUInt64() >> 32).AsUInt32());
        even = Avx512F.ShiftRightLogicalVariable(even, count & Vector512.Create(0xFFFF_FFFFUL));
        odd = Avx512F.ShiftRightLogicalVariable(odd, count >> 32);
        even = Vector512.Min((even + Vector512<ulong>.One) >> 1, Vector512.Create(Cap));
        odd = Vector512.Min((odd + Vector512<ulong>.One) >> 1, Vector512.Create(Cap));
        var rounded = (even | (odd << 32)).AsInt32();
        var sign = acc >> 31;
        var value = ((rounded ^ sign) - sign) + Vector512.Create(zeroPoint);
        return Vector512.Min(Vector512.Max(value, Vector512.Create(qMin)), Vector512.Create(qMax));
    }

    /// <summary>The same for 8 lanes (Avx2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Requantize(Vector256<int> acc, Vector256<int> multiplier, Vector256<int> shift, int zeroPoint, int qMin, int qMax)
    {
        var magnitude = Vector256.Abs(acc).AsUInt32();
        var m = multiplier.AsUInt32();
        var count = (Vector256.Create(30) - shift).AsUInt64();
        var even = Avx2.Multiply(magnitude, m);
        var odd = Avx2.Multiply((magnitude.AsUInt64() >> 32).AsUInt32(), (m.AsUInt64() >> 32).AsUInt32());
        even = Avx2.ShiftRightLogicalVariable(even, count & Vector256.Create(0xFFFF_FFFFUL));
        odd = Avx2.ShiftRightLogicalVariable(odd, count >> 32);
        even = Vector256.Min((even + Vector256<ulong>.One) >> 1, Vector256.Create(Cap));
        odd = Vector256.Min((odd + Vector256<ulong>.One) >> 1, Vector256.Create(Cap));
        var rounded = (even | (odd << 32)).AsInt32();
        var sign = acc >> 31;
        var value = ((rounded ^ sign) - sign) + Vector256.Create(zeroPoint);
        return Vector256.Min(Vector256.Max(value, Vector256.Create(qMin)), Vector256.Create(qMax));
    }

    /// <summary>The same for 4 lanes, portable: each lane through the scalar <see cref="Requantization.RequantizeToOutput"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Requantize(Vector128<int> acc, Vector128<int> multiplier, Vector128<int> shift, int zeroPoint, int qMin, int qMax) =>
        Vector128.Create(
            Scalar(acc.GetElement(0), multiplier.GetElement(0), shift.GetElement(0), zeroPoint, qMin, qMax),
            Scalar(acc.GetElement(1), multiplier.GetElement(1), shift.GetElement(1), zeroPoint, qMin, qMax),
            Scalar(acc.GetElement(2), multiplier.GetElement(2), shift.GetElement(2), zeroPoint, qMin, qMax),
            Scalar(acc.GetElement(3), multiplier.GetElement(3), shift.GetElement(3), zeroPoint, qMin, qMax));

    /// <summary>The scalar epilogue (the reference's function) on one accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Scalar(int acc, int multiplier, int shift, int zeroPoint, int qMin, int qMax) =>
        Requantization.RequantizeToOutput(acc, new FixedPointMultiplier(multiplier, shift), zeroPoint, qMin, qMax);

    /// <summary>Stores the first <paramref name="count"/> (1..16) codes as bytes; with a literal count the JIT keeps only one store path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(Vector512<int> codes, ref byte destination, int count)
    {
        var bytes = Avx512F.ConvertToVector128Byte(codes);
        if (count == 16)
        {
            bytes.StoreUnsafe(ref destination);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref destination, ref Unsafe.As<Vector128<byte>, byte>(ref bytes), (uint)count);
    }

    /// <summary>Stores the first <paramref name="count"/> (1..8) codes as bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(Vector256<int> codes, ref byte destination, int count)
    {
        // Packs work within 128-bit lanes: bytes 0..3 of each lane hold codes 0..3 and 4..7.
        var words = Avx2.PackSignedSaturate(codes, codes);
        var bytes = Avx2.PackUnsignedSaturate(words, words).AsUInt32();
        ulong packed = bytes.GetElement(0) | ((ulong)bytes.GetElement(4) << 32);
        if (count == 8)
        {
            Unsafe.WriteUnaligned(ref destination, packed);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref destination, ref Unsafe.As<ulong, byte>(ref packed), (uint)count);
    }

    /// <summary>Stores the first <paramref name="count"/> (1..4) codes as bytes (portable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCodes(Vector128<int> codes, ref byte destination, int count)
    {
        var words = Vector128.Narrow(codes, codes);
        uint packed = Vector128.Narrow(words, words).AsUInt32().ToScalar();
        if (count == 4)
        {
            Unsafe.WriteUnaligned(ref destination, packed);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref destination, ref Unsafe.As<uint, byte>(ref packed), (uint)count);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="values"/> (int32 accumulators of an output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInts(Vector512<int> values, ref int destination, int count)
    {
        if (count == Vector512<int>.Count)
        {
            values.StoreUnsafe(ref destination);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.As<int, byte>(ref destination), ref Unsafe.As<Vector512<int>, byte>(ref values), (uint)(count * sizeof(int)));
    }

    /// <inheritdoc cref="StoreInts(Vector512{int}, ref int, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInts(Vector256<int> values, ref int destination, int count)
    {
        if (count == Vector256<int>.Count)
        {
            values.StoreUnsafe(ref destination);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.As<int, byte>(ref destination), ref Unsafe.As<Vector256<int>, byte>(ref values), (uint)(count * sizeof(int)));
    }

    /// <inheritdoc cref="StoreInts(Vector512{int}, ref int, int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInts(Vector128<int> values, ref int destination, int count)
    {
        if (count == Vector128<int>.Count)
        {
            values.StoreUnsafe(ref destination);
            return;
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.As<int, byte>(ref destination), ref Unsafe.As<Vector128<int>, byte>(ref values), (uint)(count * sizeof(int)));
    }
}
