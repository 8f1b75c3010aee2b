using System.IO.Compression;

namespace Specialized.Runtime.Data;

/// <summary>Whole-stream reading shared by the readers: bounded, and gzip detected by content rather than by name.</summary>
internal static class DataStreams
{
    /// <summary>Largest payload a reader will hold in memory: the largest byte array .NET allows.</summary>
    public const int MaxBytes = 0x7FFFFFC7;

    /// <summary>
    /// All bytes of <paramref name="stream"/>. Memory grows with the data actually present, so a header that claims a
    /// huge size cannot make us allocate it: readers validate claimed sizes against this array's length afterwards.
    /// </summary>
    public static byte[] ReadAll(Stream stream, string sourceName)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw new DataFormatException(sourceName, $"content is larger than {MaxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(sourceName, $"compressed data is corrupt ({e.Message})", e);
        }

        return buffer.ToArray();
    }

    /// <summary>The bytes of <paramref name="raw"/>, gunzipped first when they start with the gzip magic 1F 8B.</summary>
    public static byte[] GunzipIfCompressed(byte[] raw, string sourceName)
    {
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        using var gzip = new GZipStream(new MemoryStream(raw, writable: false), CompressionMode.Decompress);
        return ReadAll(gzip, sourceName);
    }

    /// <summary>Opens <paramref name="path"/> for reading, turning a missing file into a clear FileNotFoundException.</summary>
    public static byte[] ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return ReadAll(stream, path);
    }
}
