using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>Unpacks a layer's packed weights into the int16 rows the generated SIMD kernels read.</summary>
public static class WeightRows
{
    /// <summary>
    /// Unpacks <paramref name="rows"/> rows of <paramref name="k"/> codes at <paramref name="bits"/> bits from
    /// <paramref name="blob"/> at <paramref name="offset"/> (each row ⌈k·bits/8⌉ bytes, LSB-first, byte aligned)
    /// into <paramref name="destination"/> starting at row <paramref name="firstRow"/>, row stride
    /// <paramref name="rowStride"/> ≥ k; the padding after k is left untouched (zero in a fresh array). Codes are
    /// signed (±1 at one bit), or, when <paramref name="codebook"/> is non-empty, unsigned indices into it.
    /// </summary>
    /// <exception cref="ArgumentException">A range lies outside <paramref name="blob"/> or <paramref name="destination"/>.</exception>
    public static void Unpack(
        ReadOnlySpan<byte> blob, long offset, int firstRow, int rows, int k, int bits, ReadOnlySpan<int> codebook,
        Span<short> destination, int rowStride)
    {
        if (k <= 0 || rowStride < k || rows < 0 || firstRow < 0)
        {
            throw new ArgumentException($"invalid row geometry: {rows} rows from {firstRow}, k {k}, stride {rowStride}");
        }

        int rowBytes = BitPacking.PackedLength(k, bits);
        if (offset < 0 || offset + (long)rows * rowBytes > blob.Length)
        {
            throw new ArgumentException($"weights [{offset}, +{(long)rows * rowBytes}) lie outside the {blob.Length}-byte blob", nameof(blob));
        }

        if ((long)(firstRow + rows) * rowStride > destination.Length)
        {
            throw new ArgumentException($"{firstRow + rows} rows of {rowStride} do not fit {destination.Length} values", nameof(destination));
        }

        var signed = new sbyte[k];
        var indices = new byte[k];
        for (int r = 0; r < rows; r++)
        {
            var packed = blob.Slice((int)offset + r * rowBytes, rowBytes);
            var row = destination.Slice((firstRow + r) * rowStride, k);
            if (codebook.IsEmpty)
            {
                BitPacking.UnpackSigned(packed, bits, signed);
                for (int i = 0; i < k; i++)
                {
                    row[i] = signed[i];
                }
            }
            else
            {
                BitPacking.UnpackUnsigned(packed, bits, indices);
                for (int i = 0; i < k; i++)
                {
                    row[i] = (short)codebook[indices[i]];
                }
            }
        }
    }
}
