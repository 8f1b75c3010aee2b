using System.Runtime.CompilerServices;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// Zero-point-bordered copies of NHWC activation codes for the generated conv kernels: with the padding filled
/// with the input's zero point (real 0), every output pixel reads its whole receptive field without a bounds
/// check, and a padded tap contributes (z − z)·w = 0 exactly as the reference's skipped tap.
/// </summary>
public static class Halo
{
    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) of the bordered image
    /// (<paramref name="paddedHeight"/> × <paramref name="paddedWidth"/> × <paramref name="channels"/>): image row
    /// r − padTop at columns [padLeft, padLeft + width), <paramref name="zeroPoint"/> everywhere else. Workers write
    /// disjoint row ranges of one destination.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry does not fit the spans.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per layer and run: no tier-0 runs in a benchmark's few passes
    public static void CopyRows(
        ReadOnlySpan<byte> source, int height, int width, int channels, int padTop, int padLeft, int paddedHeight, int paddedWidth,
        byte zeroPoint, Span<byte> destination, int firstRow, int rowCount)
    {
        int rowBytes = paddedWidth * channels;
        if (source.Length < height * width * channels || destination.Length < paddedHeight * rowBytes
            || padTop + height > paddedHeight || padLeft + width > paddedWidth || firstRow < 0 || rowCount < 0 || firstRow + rowCount > paddedHeight)
        {
            throw new ArgumentException($"bordered copy of {height}×{width}×{channels} into {paddedHeight}×{paddedWidth} (rows {firstRow}+{rowCount}) does not fit the spans");
        }

        int left = padLeft * channels;
        int inner = width * channels;
        for (int r = firstRow; r < firstRow + rowCount; r++)
        {
            var row = destination.Slice(r * rowBytes, rowBytes);
            int y = r - padTop;
            if (y < 0 || y >= height)
            {
                row.Fill(zeroPoint);
                continue;
            }

            row.Slice(0, left).Fill(zeroPoint);
            source.Slice(y * inner, inner).CopyTo(row.Slice(left));
            row.Slice(left + inner).Fill(zeroPoint);
        }
    }
}
