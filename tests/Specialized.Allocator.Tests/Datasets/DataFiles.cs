using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Specialized.Allocator.Tests.Datasets;

/// <summary>
/// Writers for the test fixtures, written from the format specifications (not with the readers under test):
/// IDX (magic 00 00 08 rank, big-endian dims), NPY version 1.0, and 8-bit grayscale PNG (filter 0, zlib IDAT, CRC-32).
/// </summary>
internal static class DataFiles
{
    public static void WriteIdx(string path, int[] shape, byte[] data, bool gzip = false)
    {
        var bytes = new List<byte> { 0, 0, 0x08, (byte)shape.Length };
        foreach (int d in shape)
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, d);
            bytes.AddRange(word);
        }

        bytes.AddRange(data);
        using var file = File.Create(path);
        if (gzip)
        {
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes.ToArray());
        }
        else
        {
            file.Write(bytes.ToArray());
        }
    }

    /// <summary>NPY 1.0 with descr '&lt;f4' or '|u1'.</summary>
    public static void WriteNpy(string path, int[] shape, float[]? floats = null, byte[]? bytes = null)
    {
        string descr = floats is not null ? "<f4" : "|u1";
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        string header = dict + new string(' ', (total + 63) / 64 * 64 - total) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        if (floats is not null)
        {
            foreach (float f in floats)
            {
                file.Write(BitConverter.GetBytes(f));
            }
        }
        else
        {
            file.Write(bytes!);
        }
    }

    /// <summary>An 8-bit grayscale PNG of <paramref name="pixels"/> (row-major, height × width).</summary>
    public static void WriteGrayPng(string path, int width, int height, byte[] pixels)
    {
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // gray
        WriteChunk(file, "IHDR", ihdr);
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter type None
            raw.Write(pixels, y * width, width);
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
