using System.Buffers.Binary;
using System.IO.Compression;

namespace Specialized.Runtime.Data;

/// <summary>A decoded 8-bit PNG: interleaved samples, <see cref="Channels"/> per pixel (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA).</summary>
internal sealed record DecodedPng(int Width, int Height, int Channels, byte[] Pixels);

/// <summary>
/// Decodes the subset of PNG that image models need: bit depth 8; gray, gray+alpha, RGB, RGBA; no interlacing.
/// Every chunk CRC is checked; all IDAT chunks are concatenated and inflated with <see cref="ZLibStream"/>.
/// </summary>
internal static class PngDecoder
{
    /// <summary>Largest decoded image accepted, in bytes (width·height·channels): 256 MiB, far beyond any model input.</summary>
    public const long MaxImageBytes = 1L << 28;

    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static DecodedPng Decode(byte[] bytes, string sourceName)
    {
        if (bytes.Length < Signature.Length || !bytes.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw Fail(sourceName, "not a PNG file: missing the 8-byte PNG signature");
        }

        Header? header = null;
        using var compressed = new MemoryStream();
        bool sawEnd = false;
        int offset = Signature.Length;
        while (!sawEnd)
        {
            if (bytes.Length - offset < 12)
            {
                throw Fail(sourceName, $"file ends at byte {offset} without an IEND chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (length > bytes.Length - offset - 12)
            {
                throw Fail(sourceName, $"chunk at byte {offset} claims {length} data bytes, only {bytes.Length - offset - 12} remain");
            }

            ReadOnlySpan<byte> typeBytes = bytes.AsSpan(offset + 4, 4);
            ReadOnlySpan<byte> data = bytes.AsSpan(offset + 8, (int)length);
            string type = System.Text.Encoding.ASCII.GetString(typeBytes);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 8 + (int)length));
            if (Crc32.Compute(typeBytes, data) != storedCrc)
            {
                throw Fail(sourceName, $"chunk '{type}' at byte {offset} fails its CRC check (the file is corrupt)");
            }

            offset += 12 + (int)length;
            if (header is null && type != "IHDR")
            {
                throw Fail(sourceName, $"first chunk is '{type}', PNG requires IHDR first");
            }

            switch (type)
            {
                case "IHDR" when header is null:
                    header = ParseHeader(data, sourceName);
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                case "PLTE":
                    // A suggested palette for RGB images is allowed and unused; palette images were rejected in IHDR.
                    break;
                default:
                    // Bit 5 of the first type byte set (lowercase) marks an ancillary chunk, safe to skip.
                    if ((typeBytes[0] & 0x20) == 0)
                    {
                        throw Fail(sourceName, $"unsupported critical chunk '{type}'");
                    }

                    break;
            }
        }

        Header h = header!.Value;
        return new DecodedPng(h.Width, h.Height, h.Channels, Inflate(compressed, h, sourceName));
    }

    private static byte[] Inflate(MemoryStream compressed, Header h, string sourceName)
    {
        if (compressed.Length == 0)
        {
            throw Fail(sourceName, "no IDAT chunk: the image has no pixel data");
        }

        int stride = h.Width * h.Channels;
        var raw = new byte[(long)(stride + 1) * h.Height];
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            int filled = 0;
            int read;
            while (filled < raw.Length && (read = zlib.Read(raw, filled, raw.Length - filled)) > 0)
            {
                filled += read;
            }

            if (filled < raw.Length)
            {
                throw Fail(sourceName, $"image data inflates to {filled} bytes, {h.Width}×{h.Height} needs {raw.Length}");
            }

            if (zlib.Read(new byte[1], 0, 1) != 0)
            {
                throw Fail(sourceName, $"image data inflates to more than the {raw.Length} bytes {h.Width}×{h.Height} needs");
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(sourceName, $"image data is not valid zlib ({e.Message})", e);
        }

        var pixels = new byte[(long)stride * h.Height];
        PngFilters.Unfilter(raw, h.Height, stride, h.Channels, pixels, sourceName);
        return pixels;
    }

    private static Header ParseHeader(ReadOnlySpan<byte> data, string sourceName)
    {
        if (data.Length != 13)
        {
            throw Fail(sourceName, $"IHDR has {data.Length} bytes, expected 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8], colorType = data[9], compression = data[10], filter = data[11], interlace = data[12];
        int channels = colorType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            3 => throw Fail(sourceName, "palette (indexed-color) PNGs are not supported; save as gray or RGB"),
            _ => throw Fail(sourceName, $"color type {colorType} is not a valid PNG color type"),
        };
        if (bitDepth != 8)
        {
            throw Fail(sourceName, bitDepth == 16
                ? "16-bit PNGs are not supported; save with 8 bits per sample"
                : $"bit depth {bitDepth} is not supported; only 8 bits per sample are");
        }

        if (compression != 0 || filter != 0)
        {
            throw Fail(sourceName, $"compression method {compression} / filter method {filter} are not PNG's (both must be 0)");
        }

        if (interlace != 0)
        {
            throw Fail(sourceName, interlace == 1 ? "interlaced (Adam7) PNGs are not supported" : $"interlace method {interlace} is not valid");
        }

        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Fail(sourceName, $"image size {width}×{height} is not valid");
        }

        if ((long)width * height * channels > MaxImageBytes)
        {
            throw Fail(sourceName, $"image {width}×{height}×{channels} exceeds the {MaxImageBytes}-byte limit");
        }

        return new Header((int)width, (int)height, channels);
    }

    private static DataFormatException Fail(string sourceName, string problem) => new(sourceName, problem);

    private readonly record struct Header(int Width, int Height, int Channels);
}
