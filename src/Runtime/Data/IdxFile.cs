using System.Buffers.Binary;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed. Layout: magic <c>00 00 type rank</c>,
/// then <c>rank</c> big-endian int32 dimensions, then the values in C order. Only type 0x08 (unsigned byte) is
/// supported; it is the only type the MNIST family uses.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file; gzip is detected from the magic bytes 1F 8B, whatever the file name.</summary>
    /// <exception cref="DataFormatException">The content is not a well-formed unsigned-byte IDX file.</exception>
    public static DenseTensor<byte> Read(string path) => Parse(DataStreams.ReadFile(path), path);

    /// <summary>Reads IDX content from a stream (raw or gzip); <paramref name="sourceName"/> names it in errors.</summary>
    public static DenseTensor<byte> Read(Stream stream, string sourceName) => Parse(DataStreams.ReadAll(stream, sourceName), sourceName);

    private static DenseTensor<byte> Parse(byte[] raw, string sourceName)
    {
        byte[] bytes = DataStreams.GunzipIfCompressed(raw, sourceName);
        if (bytes.Length < 4)
        {
            throw new DataFormatException(sourceName, $"IDX needs a 4-byte magic, file has {bytes.Length} bytes");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new DataFormatException(sourceName, $"not an IDX file: magic starts {bytes[0]:X2} {bytes[1]:X2}, expected 00 00");
        }

        byte type = bytes[2];
        if (type != UnsignedByteType)
        {
            throw new DataFormatException(sourceName, $"IDX element type 0x{type:X2} ({TypeName(type)}) is not supported; only 0x08 (unsigned byte) is");
        }

        int rank = bytes[3];
        if (rank == 0)
        {
            throw new DataFormatException(sourceName, "IDX rank is 0; at least one dimension is required");
        }

        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
        {
            throw new DataFormatException(sourceName, $"IDX rank {rank} needs a {headerLength}-byte header, file has {bytes.Length} bytes");
        }

        var shape = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dim > int.MaxValue)
            {
                throw new DataFormatException(sourceName, $"IDX dimension {d} is {dim}, larger than {int.MaxValue}");
            }

            shape[d] = (int)dim;
            // Capped just past any possible payload length, so the product cannot overflow and still mismatches.
            count = Math.Min(count * dim, (long)int.MaxValue + 1);
        }

        long available = bytes.Length - headerLength;
        if (count != available)
        {
            throw new DataFormatException(sourceName, $"IDX shape [{string.Join(", ", shape)}] needs {(count > int.MaxValue ? "more than " + int.MaxValue : count)} data bytes, file has {available}");
        }

        return new DenseTensor<byte>(shape, bytes.AsSpan(headerLength).ToArray());
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown",
    };
}
