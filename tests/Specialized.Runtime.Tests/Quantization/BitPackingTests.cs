using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Quantization;

public class BitPackingTests
{
    public static TheoryData<int> Widths() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(1, 3, 1)]
    [InlineData(8, 1, 1)]
    [InlineData(9, 1, 2)]
    [InlineData(3, 3, 2)]
    [InlineData(8, 3, 3)]
    [InlineData(5, 7, 5)]
    [InlineData(67, 5, 42)]
    public void PackedLength_IsCeilingOfBits(int count, int bits, int expected) =>
        Assert.Equal(expected, BitPacking.PackedLength(count, bits));

    [Fact]
    public void HandWrittenBytes()
    {
        // 2-bit [1, 2, 3, 0]: fields from the LSB up: 01, 10, 11, 00 → 0b00_11_10_01.
        Assert.Equal(new byte[] { 0b00111001 }, BitPacking.PackUnsigned([1, 2, 3, 0], 2));
        // 3-bit [5, 3, 7]: bits 0-2 = 101, 3-5 = 011, 6-8 = 111 → byte0 = 1_1_011_101 = 0xDD, byte1 = 0000000_1.
        Assert.Equal(new byte[] { 0xDD, 0x01 }, BitPacking.PackUnsigned([5, 3, 7], 3));
        // 4-bit signed [−1, 2, −8]: 1111, 0010, 1000 → 0x2F, 0x08.
        Assert.Equal(new byte[] { 0x2F, 0x08 }, BitPacking.PackSigned([-1, 2, -8], 4));
        // 1-bit binary [+1, −1, −1, +1, +1]: bits 1,0,0,1,1 → 0b00011001.
        Assert.Equal(new byte[] { 0b00011001 }, BitPacking.PackSigned([1, -1, -1, 1, 1], 1));
        // 5-bit [31, 1]: 11111 then 00001 → byte0 = 001_11111 = 0x3F, byte1 = 0.
        Assert.Equal(new byte[] { 0x3F, 0x00 }, BitPacking.PackUnsigned([31, 1], 5));
        // 7-bit signed [−64, 63]: 1000000, 0111111 → byte0 = 1_1000000 = 0xC0, byte1 = 00_011111 = 0x1F.
        Assert.Equal(new byte[] { 0xC0, 0x1F }, BitPacking.PackSigned([-64, 63], 7));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RoundTrip_UnsignedEveryLength(int bits)
    {
        var rng = new Random(400 + bits);
        for (int length = 0; length <= 67; length++)
        {
            byte[] values = Enumerable.Range(0, length).Select(_ => (byte)rng.Next(1 << bits)).ToArray();
            byte[] packed = BitPacking.PackUnsigned(values, bits);
            Assert.Equal(BitPacking.PackedLength(length, bits), packed.Length);
            AssertMatchesNaiveBitStream(values.Select(v => (int)v).ToArray(), bits, packed);
            var back = new byte[length];
            BitPacking.UnpackUnsigned(packed, bits, back);
            Assert.True(values.SequenceEqual(back), $"bits {bits} length {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RoundTrip_SignedEveryLength(int bits)
    {
        var rng = new Random(500 + bits);
        int min = bits == 1 ? -1 : -(1 << (bits - 1));
        int max = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
        for (int length = 0; length <= 67; length++)
        {
            sbyte[] values = Enumerable.Range(0, length)
                .Select(_ => bits == 1 ? (sbyte)(rng.Next(2) * 2 - 1) : (sbyte)rng.Next(min, max + 1)).ToArray();
            byte[] packed = BitPacking.PackSigned(values, bits);
            int[] fields = values.Select(v => bits == 1 ? (v > 0 ? 1 : 0) : v & ((1 << bits) - 1)).ToArray();
            AssertMatchesNaiveBitStream(fields, bits, packed);
            var back = new sbyte[length];
            BitPacking.UnpackSigned(packed, bits, back);
            Assert.True(values.SequenceEqual(back), $"bits {bits} length {length}");
        }
    }

    [Fact]
    public void Pack_DoesNotTouchBytesPastPackedLengthAndClearsPadding()
    {
        var destination = Enumerable.Repeat((byte)0xAA, 4).ToArray();
        BitPacking.PackUnsigned([7, 7, 7], 3, destination);
        Assert.Equal(new byte[] { 0xFF, 0x01, 0xAA, 0xAA }, destination);
    }

    [Fact]
    public void OutOfRangeValuesAndShortBuffers_Throw()
    {
        Assert.Throws<ArgumentException>(() => BitPacking.PackUnsigned([4], 2));
        Assert.Throws<ArgumentException>(() => BitPacking.PackSigned([2], 2));
        Assert.Throws<ArgumentException>(() => BitPacking.PackSigned([-3], 2));
        Assert.Throws<ArgumentException>(() => BitPacking.PackSigned([0], 1));
        Assert.Throws<ArgumentException>(() => BitPacking.PackSigned([2], 1));
        Assert.Throws<ArgumentException>(() => BitPacking.PackUnsigned([1, 1, 1], 3, new byte[1]));
        Assert.Throws<ArgumentException>(() => BitPacking.UnpackUnsigned(new byte[1], 3, new byte[3]));
        Assert.Throws<ArgumentException>(() => BitPacking.UnpackSigned(new byte[1], 5, new sbyte[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackedLength(1, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackedLength(-1, 2));
    }

    /// <summary>Independent oracle: bit j of the stream is bit (j mod 8) of byte j/8, field i is bits [i·b, (i+1)·b).</summary>
    private static void AssertMatchesNaiveBitStream(int[] fields, int bits, byte[] packed)
    {
        int totalBits = packed.Length * 8;
        for (int j = 0; j < totalBits; j++)
        {
            int actual = (packed[j / 8] >> (j % 8)) & 1;
            int expected = j / bits < fields.Length ? (fields[j / bits] >> (j % bits)) & 1 : 0;
            Assert.True(expected == actual, $"bits {bits} length {fields.Length}: stream bit {j} expected {expected}");
        }
    }
}
