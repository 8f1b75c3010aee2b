namespace Specialized.Runtime.Tests.Reference;

/// <summary>Seeded random data and layout conversions for the reference-kernel tests (written independently of the kernels).</summary>
internal static class TestData
{
    public static float[] Floats(Random random, int count, float min = -1f, float max = 1f)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = min + (float)random.NextDouble() * (max - min);
        }

        return values;
    }

    /// <summary>Unsigned activation codes of width <paramref name="bits"/>: [0, 2^bits − 1].</summary>
    public static byte[] Codes(Random random, int count, int bits)
    {
        var values = new byte[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (byte)random.Next(0, 1 << bits);
        }

        return values;
    }

    /// <summary>Signed weight codes of width <paramref name="bits"/>: ±(2^(b−1) − 1) symmetric, or {−1, +1} for one bit.</summary>
    public static sbyte[] WeightCodes(Random random, int count, int bits)
    {
        var values = new sbyte[count];
        int limit = (1 << (bits - 1)) - 1;
        for (int i = 0; i < count; i++)
        {
            values[i] = bits == 1 ? (sbyte)(random.Next(2) * 2 - 1) : (sbyte)random.Next(-limit, limit + 1);
        }

        return values;
    }

    /// <summary>[n, c, h, w] → [n, h, w, c].</summary>
    public static T[] NchwToNhwc<T>(T[] source, int n, int c, int h, int w)
    {
        var result = new T[source.Length];
        for (int b = 0; b < n; b++)
        for (int ch = 0; ch < c; ch++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            result[((b * h + y) * w + x) * c + ch] = source[((b * c + ch) * h + y) * w + x];
        }

        return result;
    }

    /// <summary>[n, h, w, c] → [n, c, h, w].</summary>
    public static T[] NhwcToNchw<T>(T[] source, int n, int h, int w, int c)
    {
        var result = new T[source.Length];
        for (int b = 0; b < n; b++)
        for (int ch = 0; ch < c; ch++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            result[((b * c + ch) * h + y) * w + x] = source[((b * h + y) * w + x) * c + ch];
        }

        return result;
    }

    /// <summary>Integer weights [O, KH, KW, I] → float OIHW (exact: small integers).</summary>
    public static float[] OhwiToOihwFloat(sbyte[] source, int o, int kh, int kw, int i)
    {
        var result = new float[source.Length];
        for (int oc = 0; oc < o; oc++)
        for (int ic = 0; ic < i; ic++)
        for (int y = 0; y < kh; y++)
        for (int x = 0; x < kw; x++)
        {
            result[((oc * i + ic) * kh + y) * kw + x] = source[((oc * kh + y) * kw + x) * i + ic];
        }

        return result;
    }

    /// <summary>Codes minus a zero point, as floats (exact).</summary>
    public static float[] Centred(byte[] codes, int zeroPoint) => codes.Select(q => (float)(q - zeroPoint)).ToArray();

    public static float[] ToFloats(int[] values) => values.Select(v => (float)v).ToArray();
}
