using System.Buffers.Binary;
using System.Text;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>
/// Reads and writes NumPy's NPY format. Reading accepts format versions 1.0, 2.0 and 3.0, dtypes <c>&lt;f4</c> and
/// <c>|u1</c>, C order only, and requires the data length to equal the shape's; writing produces version 1.0 float32
/// files the way numpy does (header padded with spaces so the data starts at a multiple of 64, ending in '\n').
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path) => Parse(DataStreams.ReadFile(path), path);

    /// <summary>Reads an NPY array from a stream; <paramref name="sourceName"/> names it in errors.</summary>
    public static NpyArray Read(Stream stream, string sourceName) => Parse(DataStreams.ReadAll(stream, sourceName), sourceName);

    /// <summary>Reads a float32 NPY file; any other dtype is a DataFormatException.</summary>
    public static DenseTensor<float> ReadFloat32(string path) => Read(path).AsFloat32();

    /// <summary>Reads a uint8 NPY file; any other dtype is a DataFormatException.</summary>
    public static DenseTensor<byte> ReadUInt8(string path) => Read(path).AsUInt8();

    /// <summary>Writes <paramref name="tensor"/> as a version 1.0, C-order, little-endian float32 NPY file.</summary>
    public static void Write(string path, DenseTensor<float> tensor)
    {
        using var stream = File.Create(path);
        Write(stream, tensor);
    }

    /// <summary>Writes <paramref name="tensor"/> as a version 1.0, C-order, little-endian float32 NPY stream.</summary>
    public static void Write(Stream stream, DenseTensor<float> tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        string dict = NpyHeader.Format("<f4", tensor.Shape);

        // magic (6) + version (2) + header length (2) + dict + spaces + '\n' must be a multiple of 64.
        int unpadded = 10 + dict.Length + 1;
        int padded = (unpadded + 63) / 64 * 64;
        string header = dict + new string(' ', padded - unpadded) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"shape {ShapeText.Format(tensor.Shape)} needs a header longer than version 1.0 allows", nameof(tensor));
        }

        var prefix = new byte[10];
        Magic.CopyTo(prefix, 0);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));

        var data = new byte[checked(tensor.Length * 4)];
        for (int i = 0; i < tensor.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), tensor.Data[i]);
        }

        stream.Write(data);
    }

    private static NpyArray Parse(byte[] bytes, string sourceName)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new DataFormatException(sourceName, "not an NPY file: missing the \\x93NUMPY magic");
        }

        int major = bytes[6], minor = bytes[7];
        if (minor != 0 || major is < 1 or > 3)
        {
            throw new DataFormatException(sourceName, $"NPY format version {major}.{minor} is not supported (1.0, 2.0, 3.0 are)");
        }

        int lengthSize = major == 1 ? 2 : 4;
        if (bytes.Length < 8 + lengthSize)
        {
            throw new DataFormatException(sourceName, "NPY file ends inside the header length");
        }

        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int headerStart = 8 + lengthSize;
        if (headerLength > bytes.Length - headerStart)
        {
            throw new DataFormatException(sourceName, $"NPY header claims {headerLength} bytes, only {bytes.Length - headerStart} follow");
        }

        // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
        Encoding encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string text = encoding.GetString(bytes, headerStart, (int)headerLength);
        NpyHeader header = NpyHeader.Parse(text, sourceName);
        if (header.FortranOrder)
        {
            throw new DataFormatException(sourceName, "fortran_order True is not supported; save the array in C order (np.ascontiguousarray)");
        }

        int itemSize = header.Descr switch
        {
            "<f4" => 4,
            "|u1" => 1,
            _ => throw new DataFormatException(sourceName, $"NPY dtype '{header.Descr}' is not supported ('<f4' float32 and '|u1' uint8 are)"),
        };

        ReadOnlySpan<byte> data = bytes.AsSpan(headerStart + (int)headerLength);
        long count = 1;
        foreach (int dim in header.Shape)
        {
            count = Math.Min(count * dim, (long)int.MaxValue + 1);
        }

        if (count * itemSize != data.Length)
        {
            throw new DataFormatException(sourceName, $"NPY shape ({string.Join(", ", header.Shape)}) of '{header.Descr}' needs {count * itemSize} data bytes, file has {data.Length}");
        }

        if (itemSize == 1)
        {
            return new NpyArray(sourceName, new DenseTensor<byte>(header.Shape, data.ToArray()));
        }

        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice(4 * i));
        }

        return new NpyArray(sourceName, new DenseTensor<float>(header.Shape, values));
    }
}
