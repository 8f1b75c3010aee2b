using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>
/// Reads 8-bit, non-interlaced PNG images (gray, gray+alpha, RGB, RGBA) into planar byte tensors shaped
/// [C, H, W]. The decoder and its CRC32 are written here: no image library is on the package mirror.
/// Interlaced, 16-bit, palette and sub-8-bit images are rejected with a DataFormatException naming the file.
/// </summary>
public static class PngImage
{
    public static DenseTensor<byte> Read(string path, PngChannels channels = PngChannels.Native) =>
        ToTensor(PngDecoder.Decode(DataStreams.ReadFile(path), path), channels);

    /// <summary>Reads a PNG from a stream; <paramref name="sourceName"/> names it in errors.</summary>
    public static DenseTensor<byte> Read(Stream stream, string sourceName, PngChannels channels = PngChannels.Native) =>
        ToTensor(PngDecoder.Decode(DataStreams.ReadAll(stream, sourceName), sourceName), channels);

    /// <summary>
    /// BT.601 luma in integers: (299 R + 587 G + 114 B + 500) / 1000, i.e. round half up of the exact weighted sum,
    /// so the result is identical on every platform.
    /// </summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)((299 * r + 587 * g + 114 * b + 500) / 1000);

    private static DenseTensor<byte> ToTensor(DecodedPng image, PngChannels channels)
    {
        bool color = image.Channels >= 3;
        int outChannels = channels switch
        {
            PngChannels.Native => color ? 3 : 1,
            PngChannels.Gray => 1,
            PngChannels.Rgb => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "unknown channel conversion"),
        };

        int plane = image.Width * image.Height;
        var result = new DenseTensor<byte>([outChannels, image.Height, image.Width]);
        Span<byte> output = result.Span;
        ReadOnlySpan<byte> pixels = image.Pixels;
        for (int p = 0; p < plane; p++)
        {
            ReadOnlySpan<byte> px = pixels.Slice(p * image.Channels, image.Channels);
            if (outChannels == 1)
            {
                output[p] = color ? Luma(px[0], px[1], px[2]) : px[0];
            }
            else
            {
                for (int c = 0; c < 3; c++)
                {
                    output[c * plane + p] = color ? px[c] : px[0];
                }
            }
        }

        return result;
    }
}
