namespace Specialized.Runtime.Quantization;

/// <summary>
/// Packs 1..8-bit codes into bytes, LSB-first: value i occupies bits [i·b, (i+1)·b) of the stream, where bit j of
/// the stream is bit (j mod 8) of byte ⌊j / 8⌋. Values are contiguous, so 3-, 5-, 6- and 7-bit values straddle
/// byte boundaries; the unused high bits of the last byte are zero.
/// </summary>
/// <remarks>
/// Encodings: unsigned codes (activations) as-is, q ∈ [0, 2^b − 1]. Signed codes (weights) as b-bit two's
/// complement, q ∈ [−2^(b−1), 2^(b−1) − 1] for b ≥ 2 (the full two's-complement range, so the packer does not bake
/// in the symmetric-grid convention). Signed 1-bit codes are binary weights: bit 1 = +1, bit 0 = −1, and only ±1 is
/// accepted. Byte diagram in docs/quantization.md.
/// </remarks>
public static class BitPacking
{
    /// <summary>Bytes needed for <paramref name="count"/> values of <paramref name="bits"/> bits: ⌈count·bits / 8⌉.</summary>
    public static int PackedLength(int count, int bits)
    {
        CheckBits(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long length = ((long)count * bits + 7) / 8;
        return checked((int)length);
    }

    /// <summary>Packs unsigned codes. Throws ArgumentException when a value exceeds 2^bits − 1 or the destination is too short.</summary>
    public static void PackUnsigned(ReadOnlySpan<byte> values, int bits, Span<byte> destination)
    {
        int length = PrepareDestination(values.Length, bits, destination);
        int max = (1 << bits) - 1;
        var writer = new BitWriter(destination[..length], bits);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > max)
            {
                throw new ArgumentException($"value {values[i]} at index {i} does not fit in {bits} unsigned bits", nameof(values));
            }

            writer.Write(values[i]);
        }

        writer.Flush();
    }

    /// <summary>Packs signed codes (two's complement; binary ±1 when bits = 1). Throws ArgumentException when a value is out of range or the destination is too short.</summary>
    public static void PackSigned(ReadOnlySpan<sbyte> values, int bits, Span<byte> destination)
    {
        int length = PrepareDestination(values.Length, bits, destination);
        int min = bits == 1 ? -1 : -(1 << (bits - 1));
        int max = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
        int mask = (1 << bits) - 1;
        var writer = new BitWriter(destination[..length], bits);
        for (int i = 0; i < values.Length; i++)
        {
            int v = values[i];
            if (v < min || v > max || (bits == 1 && v == 0))
            {
                string range = bits == 1 ? "{-1, +1}" : $"[{min}, {max}]";
                throw new ArgumentException($"value {v} at index {i} is outside the {bits}-bit signed range {range}", nameof(values));
            }

            writer.Write(bits == 1 ? (v > 0 ? 1 : 0) : v & mask);
        }

        writer.Flush();
    }

    /// <summary>Unpacks <c>destination.Length</c> unsigned codes. Throws ArgumentException when the source is shorter than PackedLength.</summary>
    public static void UnpackUnsigned(ReadOnlySpan<byte> packed, int bits, Span<byte> destination)
    {
        CheckSource(packed.Length, destination.Length, bits);
        var reader = new BitReader(packed, bits);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)reader.Read();
        }
    }

    /// <summary>Unpacks <c>destination.Length</c> signed codes (sign-extended; bit → ±1 when bits = 1). Throws ArgumentException when the source is shorter than PackedLength.</summary>
    public static void UnpackSigned(ReadOnlySpan<byte> packed, int bits, Span<sbyte> destination)
    {
        CheckSource(packed.Length, destination.Length, bits);
        var reader = new BitReader(packed, bits);
        int signShift = 32 - bits;
        for (int i = 0; i < destination.Length; i++)
        {
            int raw = reader.Read();
            destination[i] = bits == 1 ? (sbyte)(2 * raw - 1) : (sbyte)((raw << signShift) >> signShift);
        }
    }

    /// <summary>Allocating form of <see cref="PackUnsigned(ReadOnlySpan{byte}, int, Span{byte})"/>.</summary>
    public static byte[] PackUnsigned(ReadOnlySpan<byte> values, int bits)
    {
        var result = new byte[PackedLength(values.Length, bits)];
        PackUnsigned(values, bits, result);
        return result;
    }

    /// <summary>Allocating form of <see cref="PackSigned(ReadOnlySpan{sbyte}, int, Span{byte})"/>.</summary>
    public static byte[] PackSigned(ReadOnlySpan<sbyte> values, int bits)
    {
        var result = new byte[PackedLength(values.Length, bits)];
        PackSigned(values, bits, result);
        return result;
    }

    private static int PrepareDestination(int count, int bits, Span<byte> destination)
    {
        int length = PackedLength(count, bits);
        if (destination.Length < length)
        {
            throw new ArgumentException($"{count} values of {bits} bits need {length} bytes, destination holds {destination.Length}", nameof(destination));
        }

        // The writer ORs bits in, so the bytes it touches must start clear (the padding bits stay zero).
        destination[..length].Clear();
        return length;
    }

    private static void CheckSource(int packedLength, int count, int bits)
    {
        int needed = PackedLength(count, bits);
        if (packedLength < needed)
        {
            throw new ArgumentException($"{count} values of {bits} bits need {needed} packed bytes, source holds {packedLength}", "packed");
        }
    }

    private static void CheckBits(int bits)
    {
        if (bits < 1 || bits > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "packed bit width must lie in [1, 8]");
        }
    }

    /// <summary>Appends b-bit fields LSB-first through a small bit buffer; at most 7 + 8 bits are ever pending.</summary>
    private ref struct BitWriter(Span<byte> destination, int bits)
    {
        private readonly Span<byte> _destination = destination;
        private uint _pending;
        private int _pendingBits;
        private int _index;

        public void Write(int field)
        {
            _pending |= (uint)field << _pendingBits;
            _pendingBits += bits;
            while (_pendingBits >= 8)
            {
                _destination[_index++] = (byte)_pending;
                _pending >>= 8;
                _pendingBits -= 8;
            }
        }

        public void Flush()
        {
            if (_pendingBits > 0)
            {
                _destination[_index] = (byte)_pending;
            }
        }
    }

    /// <summary>Reads b-bit fields LSB-first, refilling a byte at a time only when the pending bits run short.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> source, int bits)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private readonly int _mask = (1 << bits) - 1;
        private uint _pending;
        private int _pendingBits;
        private int _index;

        public int Read()
        {
            while (_pendingBits < bits)
            {
                _pending |= (uint)_source[_index++] << _pendingBits;
                _pendingBits += 8;
            }

            int field = (int)(_pending & (uint)_mask);
            _pending >>= bits;
            _pendingBits -= bits;
            return field;
        }
    }
}
