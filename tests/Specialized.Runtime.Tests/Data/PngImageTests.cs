using Specialized.Runtime.Data;

namespace Specialized.Runtime.Tests.Data;

public class PngImageTests
{
    private const int Width = 7, Height = 10;

    /// <summary>The fixture recipe's pixel formula (Fixtures/Data/make_fixtures.py).</summary>
    private static byte Sample(int x, int y, int c) => (byte)((x * 37 + y * 101 + c * 59 + 13) % 256);

    private static void AssertPlanes(byte[] data, int channels, Func<int, int, int, byte> expected, string file)
    {
        Assert.Equal(channels * Height * Width, data.Length);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    byte actual = data[(c * Height + y) * Width + x];
                    Assert.True(expected(x, y, c) == actual, $"{file}: (x={x}, y={y}, c={c}) expected {expected(x, y, c)} got {actual}");
                }
            }
        }
    }

    [Theory]
    [InlineData("gray_f0.png", 1)]
    [InlineData("gray_alpha_f2.png", 1)]
    [InlineData("rgb_f3.png", 3)]
    [InlineData("rgba_f4.png", 3)]
    [InlineData("rgb_multi_idat_f1.png", 3)]
    [InlineData("rgb_pillow.png", 3)]
    public void Native_DecodesEveryFilterAndColorType(string file, int channels)
    {
        var image = PngImage.Read(DataFixtures.PathOf(file));
        Assert.Equal(new[] { channels, Height, Width }, image.Shape);
        AssertPlanes(image.Data, channels, Sample, file);
    }

    [Theory]
    [InlineData("rgb_f3.png")]
    [InlineData("rgba_f4.png")]
    public void Gray_UsesBt601Luma(string file)
    {
        var image = PngImage.Read(DataFixtures.PathOf(file), PngChannels.Gray);
        Assert.Equal(new[] { 1, Height, Width }, image.Shape);
        AssertPlanes(image.Data, 1, (x, y, _) =>
            (byte)Math.Round(0.299 * Sample(x, y, 0) + 0.587 * Sample(x, y, 1) + 0.114 * Sample(x, y, 2), MidpointRounding.AwayFromZero), file);
    }

    [Theory]
    [InlineData("gray_f0.png")]
    [InlineData("gray_alpha_f2.png")]
    public void Rgb_ReplicatesGray(string file)
    {
        var image = PngImage.Read(DataFixtures.PathOf(file), PngChannels.Rgb);
        Assert.Equal(new[] { 3, Height, Width }, image.Shape);
        AssertPlanes(image.Data, 3, (x, y, _) => Sample(x, y, 0), file);
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(255, 255, 255, 255)]
    [InlineData(255, 0, 0, 76)] // 76.245
    [InlineData(0, 255, 0, 150)] // 149.685
    [InlineData(0, 0, 255, 29)] // 29.07
    [InlineData(10, 20, 30, 18)] // 2.99 + 11.74 + 3.42 = 18.15
    public void Luma_HandComputed(byte r, byte g, byte b, byte expected) => Assert.Equal(expected, PngImage.Luma(r, g, b));

    [Theory]
    [InlineData("bad_interlaced.png", "interlaced")]
    [InlineData("bad_16bit.png", "16-bit")]
    [InlineData("bad_palette.png", "palette")]
    [InlineData("bad_4bit.png", "bit depth 4")]
    [InlineData("bad_crc.png", "CRC")]
    [InlineData("bad_no_iend.png", "without an IEND")]
    [InlineData("f32_2x3.npy", "PNG signature")]
    public void Unsupported_ThrowsNamingFileAndProblem(string file, string problem)
    {
        string path = DataFixtures.PathOf(file);
        var e = Assert.Throws<DataFormatException>(() => PngImage.Read(path));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void HugeDeclaredSize_IsRejectedBeforeAllocating()
    {
        // Take a valid file and rewrite IHDR to 100000 × 100000 (with a correct CRC): the size check must fire first.
        byte[] bytes = File.ReadAllBytes(DataFixtures.PathOf("gray_f0.png"));
        WriteBigEndian(bytes, 16, 100_000);
        WriteBigEndian(bytes, 20, 100_000);
        WriteBigEndian(bytes, 29, NaiveCrc32(bytes.AsSpan(12, 17)));
        var e = Assert.Throws<DataFormatException>(() => PngImage.Read(new MemoryStream(bytes), "huge.png"));
        Assert.Contains("exceeds", e.Message);
    }

    [Fact]
    public void DeclaredSizeLargerThanData_Throws()
    {
        byte[] bytes = File.ReadAllBytes(DataFixtures.PathOf("gray_f0.png"));
        WriteBigEndian(bytes, 20, Height + 1);
        WriteBigEndian(bytes, 29, NaiveCrc32(bytes.AsSpan(12, 17)));
        Assert.Contains("inflates to", Assert.Throws<DataFormatException>(() => PngImage.Read(new MemoryStream(bytes), "tall.png")).Message);
    }

    private static void WriteBigEndian(byte[] bytes, int offset, uint value)
    {
        for (int i = 0; i < 4; i++)
        {
            bytes[offset + i] = (byte)(value >> (24 - 8 * i));
        }
    }

    /// <summary>Bitwise CRC-32 (no table), an independent check of the decoder's table-driven one.</summary>
    private static uint NaiveCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
