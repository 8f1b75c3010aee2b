using System.Runtime.CompilerServices;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The weight layout of the generated conv/gemm kernels ("quad panels"), built once at construction.
/// Per conv group, output channels form blocks of <see cref="BlockChannels"/>; per block the reduction runs as K
/// quads, each quad <see cref="QuadBytes"/> bytes: 16 channels × 4 consecutive K codes as sbytes. One 64-byte
/// load is one zmm operand of vpmaddubsw/vpdpbusd (lane = channel, 4 products summed per lane), its halves are the
/// two ymm operands, its quarters four Vector128 ones — so every path of a kernel reads the same array.
/// </summary>
/// <remarks>
/// K is split into equal segments (one receptive-field row, or one tap), each padded to a whole number of quads
/// with zero weights: the kernel reads each segment as contiguous activation bytes, and the bytes it reads past a
/// segment's end meet zero weights, so they add nothing whatever they hold. Channels past a group's last real one
/// are zero too. Codes are stored unpacked (sbyte): reading 64 bytes per quad costs less than unpacking sub-byte
/// fields in the inner loop on this CPU (PERFORMANCE.md, Generator).
/// </remarks>
public static class QuadPanels
{
    /// <summary>Output channels per block (lanes of one Vector512&lt;int&gt; accumulator).</summary>
    public const int BlockChannels = 16;

    /// <summary>Bytes per quad: 16 channels × 4 codes.</summary>
    public const int QuadBytes = 64;

    /// <summary>Quads of one segment of <paramref name="segmentLength"/> codes: ⌈length / 4⌉.</summary>
    public static int SegmentQuads(int segmentLength) => (segmentLength + 3) / 4;

    /// <summary>Blocks per conv group of <paramref name="outPerGroup"/> channels: ⌈outPerGroup / 16⌉.</summary>
    public static int BlocksPerGroup(int outPerGroup) => (outPerGroup + BlockChannels - 1) / BlockChannels;

    /// <summary>
    /// Unpacks <paramref name="rows"/> output channels of <paramref name="k"/> codes at <paramref name="bits"/> bits from
    /// <paramref name="blob"/> at <paramref name="offset"/> (each row ⌈k·bits/8⌉ bytes, LSB-first, byte aligned: the
    /// manifest's packing) into rows <paramref name="firstRow"/>.. of <paramref name="codes"/> ([channels, k]). Codes
    /// are signed (±1 at one bit), or, when <paramref name="codebook"/> is non-empty, indices into it.
    /// </summary>
    /// <exception cref="ArgumentException">A range lies outside <paramref name="blob"/> or <paramref name="codes"/>.</exception>
    public static void UnpackCodes(ReadOnlySpan<byte> blob, long offset, int firstRow, int rows, int k, int bits, ReadOnlySpan<int> codebook, Span<sbyte> codes)
    {
        if (k <= 0 || rows < 0 || firstRow < 0)
        {
            throw new ArgumentException($"invalid row geometry: {rows} rows from {firstRow}, k {k}");
        }

        int rowBytes = BitPacking.PackedLength(k, bits);
        if (offset < 0 || offset + (long)rows * rowBytes > blob.Length)
        {
            throw new ArgumentException($"weights [{offset}, +{(long)rows * rowBytes}) lie outside the {blob.Length}-byte blob", nameof(blob));
        }

        if ((long)(firstRow + rows) * k > codes.Length)
        {
            throw new ArgumentException($"{firstRow + rows} rows of {k} do not fit {codes.Length} codes", nameof(codes));
        }

        Span<byte> indices = codebook.IsEmpty ? default : new byte[k];
        for (int r = 0; r < rows; r++)
        {
            var packed = blob.Slice((int)offset + r * rowBytes, rowBytes);
            var row = codes.Slice((firstRow + r) * k, k);
            if (codebook.IsEmpty)
            {
                BitPacking.UnpackSigned(packed, bits, row);
                continue;
            }

            BitPacking.UnpackUnsigned(packed, bits, indices);
            for (int i = 0; i < k; i++)
            {
                row[i] = (sbyte)codebook[indices[i]];
            }
        }
    }

    /// <summary>Length in bytes of the panels of <paramref name="groups"/> groups of <paramref name="outPerGroup"/> channels.</summary>
    public static int Length(int groups, int outPerGroup, int segmentLength, int segments) =>
        checked(groups * BlocksPerGroup(outPerGroup) * SegmentQuads(segmentLength) * segments * QuadBytes);

    /// <summary>
    /// Reorders <paramref name="codes"/> ([groups·outPerGroup, segments·segmentLength], the reference's K order) into
    /// quad panels: byte ((g·B + b)·Kq + q)·64 + lane·4 + i holds the code of channel g·outPerGroup + 16b + lane at
    /// K index s·segmentLength + 4j + i, where quad q is quad j of segment s (Kq = segments·⌈segmentLength/4⌉);
    /// <paramref name="padding"/> (zero unless given) where the channel or K index does not exist.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not have the lengths the geometry implies.</exception>
    public static void Pack(ReadOnlySpan<sbyte> codes, int groups, int outPerGroup, int segmentLength, int segments, Span<sbyte> panels, sbyte padding = 0)
    {
        int k = segmentLength * segments;
        if (codes.Length != groups * outPerGroup * k || panels.Length < Length(groups, outPerGroup, segmentLength, segments))
        {
            throw new ArgumentException($"codes ({codes.Length}) or panels ({panels.Length}) do not match {groups} group(s) × {outPerGroup} channels × {segments}×{segmentLength} codes");
        }

        int blocks = BlocksPerGroup(outPerGroup);
        int segmentQuads = SegmentQuads(segmentLength);
        int quads = segmentQuads * segments;
        panels.Fill(padding);
        for (int g = 0; g < groups; g++)
        {
            for (int o = 0; o < outPerGroup; o++)
            {
                int block = g * blocks + o / BlockChannels;
                int lane = o % BlockChannels;
                var row = codes.Slice((g * outPerGroup + o) * k, k);
                for (int s = 0; s < segments; s++)
                {
                    for (int j = 0; j < segmentLength; j++)
                    {
                        int q = s * segmentQuads + j / 4;
                        panels[((block * quads) + q) * QuadBytes + lane * 4 + j % 4] = row[s * segmentLength + j];
                    }
                }
            }
        }
    }

    /// <summary>Padded channels of the epilogue parameters: groups · blocks · 16.</summary>
    public static int PaddedChannels(int groups, int outPerGroup) => groups * BlocksPerGroup(outPerGroup) * BlockChannels;

    /// <summary>
    /// The epilogue parameters of a layer whose kernel accumulates raw activation codes x (not x − z):
    /// three rows of <see cref="PaddedChannels"/> ints, in padded channel order — [0, n) the folded bias
    /// <c>bias[c] − z·Σ_k w[c, k]</c> (int32 wrap-around: the kernel's sum wraps the same way, so whenever the
    /// reference accumulator fits int32 the result is exactly it), [n, 2n) the Q31 multipliers, [2n, 3n) the shifts.
    /// Padding channels get bias 0, multiplier 2^30, shift 0 (any valid value: their results are never stored).
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not have the lengths the geometry implies.</exception>
    public static void EpilogueParameters(
        ReadOnlySpan<sbyte> codes, int groups, int outPerGroup, int zeroPoint,
        ReadOnlySpan<int> bias, ReadOnlySpan<int> multipliers, ReadOnlySpan<int> shifts, Span<int> parameters)
    {
        int channels = groups * outPerGroup;
        int padded = PaddedChannels(groups, outPerGroup);
        if (channels == 0 || codes.Length % channels != 0 || multipliers.Length != channels || shifts.Length != channels
            || (bias.Length != channels && !bias.IsEmpty) || parameters.Length != 3 * padded)
        {
            throw new ArgumentException($"parameter spans do not match {groups} group(s) of {outPerGroup} channels");
        }

        int k = codes.Length / channels;
        int blocks = BlocksPerGroup(outPerGroup);
        parameters.Slice(0, padded).Clear();
        parameters.Slice(padded, padded).Fill(1 << 30);
        parameters.Slice(2 * padded, padded).Clear();
        for (int c = 0; c < channels; c++)
        {
            int g = c / outPerGroup;
            int p = g * blocks * BlockChannels + c % outPerGroup;
            int sum = 0;
            foreach (sbyte w in codes.Slice(c * k, k))
            {
                sum += w;
            }

            parameters[p] = unchecked((bias.IsEmpty ? 0 : bias[c]) - zeroPoint * sum);
            parameters[padded + p] = multipliers[c];
            parameters[2 * padded + p] = shifts[c];
        }
    }

    /// <summary>
    /// A pinned array with at least <paramref name="length"/> elements from a 64-byte aligned element
    /// <paramref name="offset"/> on (so every quad load is one cache line). Pinned: the alignment holds for the
    /// array's lifetime.
    /// </summary>
    public static T[] AllocateAligned<T>(int length, out int offset)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        int slack = 64 / size;
        var array = GC.AllocateArray<T>(length + slack, pinned: true);
        unsafe
        {
            nuint address = (nuint)Unsafe.AsPointer(ref array[0]);
            offset = (int)((64 - (address % 64)) % 64) / size;
        }

        return array;
    }
}
