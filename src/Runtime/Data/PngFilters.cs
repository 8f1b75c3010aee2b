namespace Specialized.Runtime.Data;

/// <summary>
/// Reverses PNG's per-scanline filters (filter method 0) in place, for 8-bit samples, where the filter unit
/// ("bpp") is the number of bytes per pixel. Each raw row is one filter-type byte then <c>stride</c> bytes.
/// </summary>
internal static class PngFilters
{
    /// <summary>Unfilters <paramref name="height"/> rows of <paramref name="raw"/> into <paramref name="pixels"/> (height·stride bytes).</summary>
    /// <exception cref="DataFormatException">A row has a filter type other than 0..4.</exception>
    public static void Unfilter(ReadOnlySpan<byte> raw, int height, int stride, int bpp, Span<byte> pixels, string sourceName)
    {
        ReadOnlySpan<byte> previous = default;
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            ReadOnlySpan<byte> source = raw.Slice(y * (stride + 1) + 1, stride);
            Span<byte> row = pixels.Slice(y * stride, stride);
            bool first = y == 0; // the row above the first is all zeros
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0;
                int b = first ? 0 : previous[i];
                int c = first || i < bpp ? 0 : previous[i - bpp];
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) >> 1,
                    4 => Paeth(a, b, c),
                    _ => throw new DataFormatException(sourceName, $"PNG row {y} has filter type {filter}; only 0..4 exist"),
                };
                row[i] = (byte)(source[i] + predictor);
            }

            previous = row;
        }
    }

    /// <summary>The Paeth predictor: whichever of left, above, upper-left is closest to left + above − upper-left (ties in that order).</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
