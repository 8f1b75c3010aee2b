using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Data;

/// <summary>The element types the NPY reader supports.</summary>
public enum NpyDType
{
    /// <summary>Little-endian IEEE float32, descr <c>&lt;f4</c>.</summary>
    Float32,

    /// <summary>Unsigned byte, descr <c>|u1</c>.</summary>
    UInt8,
}

/// <summary>
/// An array read from an NPY file: exactly one of <see cref="Float32"/> and <see cref="UInt8"/> is non-null,
/// the one <see cref="DType"/> names.
/// </summary>
public sealed class NpyArray
{
    private readonly string _sourceName;

    internal NpyArray(string sourceName, DenseTensor<float> float32)
    {
        _sourceName = sourceName;
        DType = NpyDType.Float32;
        Float32 = float32;
    }

    internal NpyArray(string sourceName, DenseTensor<byte> uint8)
    {
        _sourceName = sourceName;
        DType = NpyDType.UInt8;
        UInt8 = uint8;
    }

    public NpyDType DType { get; }

    public DenseTensor<float>? Float32 { get; }

    public DenseTensor<byte>? UInt8 { get; }

    public int[] Shape => Float32?.Shape ?? UInt8!.Shape;

    /// <summary>The float32 tensor; throws DataFormatException naming the file when the array holds another type.</summary>
    public DenseTensor<float> AsFloat32() =>
        Float32 ?? throw new DataFormatException(_sourceName, $"expected a float32 array, file holds {DType}");

    /// <summary>The uint8 tensor; throws DataFormatException naming the file when the array holds another type.</summary>
    public DenseTensor<byte> AsUInt8() =>
        UInt8 ?? throw new DataFormatException(_sourceName, $"expected a uint8 array, file holds {DType}");
}
