using System.Buffers.Binary;
using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx;

/// <summary>
/// Converts a <see cref="TensorProto"/> into a flat array, checking first that the dims are non-negative, that
/// their product fits an int, and that it matches the number of stored values. Only then is the result
/// allocated, so its size is bounded by bytes actually present in the file.
/// </summary>
internal static class TensorDecoder
{
    /// <summary>Shape as ints, rejecting negative dims and element counts above int.MaxValue.</summary>
    public static int[] Shape(TensorProto tensor, Func<string, Exception> fail)
    {
        var shape = new int[tensor.Dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long dim = tensor.Dims[i];
            if (dim < 0 || dim > int.MaxValue)
            {
                throw fail($"tensor '{tensor.Name}' has invalid dimension {dim} at index {i}");
            }

            count *= Math.Max(dim, 1);
            if (count > int.MaxValue)
            {
                throw fail($"tensor '{tensor.Name}' has more than {int.MaxValue} elements (dims [{string.Join(", ", tensor.Dims)}])");
            }

            shape[i] = (int)dim;
        }

        return shape;
    }

    /// <summary>Values of a FLOAT or FLOAT16 tensor as float32.</summary>
    public static float[] ToFloats(TensorProto tensor, Func<string, Exception> fail)
    {
        int count = ElementCount(tensor, fail);
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        switch (tensor.DataType)
        {
            case TensorProto.Float:
                if (UsesRaw(tensor, tensor.FloatData.Count, fail))
                {
                    CheckRawLength(tensor, count, 4, fail);
                    var fromRaw = new float[count];
                    for (int i = 0; i < count; i++)
                    {
                        fromRaw[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
                    }

                    return fromRaw;
                }

                CheckTypedLength(tensor, count, tensor.FloatData.Count, "float_data", fail);
                return tensor.FloatData.ToArray();

            case TensorProto.Float16:
                var halves = new float[CheckedFloat16Count(tensor, count, fail)];
                if (tensor.RawData.Length > 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        halves[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Slice(i * 2, 2));
                    }

                    return halves;
                }

                for (int i = 0; i < count; i++)
                {
                    int bits = tensor.Int32Data[i];
                    if (bits is < 0 or > ushort.MaxValue)
                    {
                        throw fail($"tensor '{tensor.Name}' is FLOAT16 but int32_data[{i}] = {bits} is not a 16-bit pattern");
                    }

                    halves[i] = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
                }

                return halves;

            default:
                throw fail($"tensor '{tensor.Name}' has data type {DataTypeName(tensor.DataType)}; FLOAT or FLOAT16 is needed here");
        }
    }

    /// <summary>Values of an INT64 or INT32 tensor as int64.</summary>
    public static long[] ToInt64s(TensorProto tensor, Func<string, Exception> fail)
    {
        int count = ElementCount(tensor, fail);
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        switch (tensor.DataType)
        {
            case TensorProto.Int64:
                if (UsesRaw(tensor, tensor.Int64Data.Count, fail))
                {
                    CheckRawLength(tensor, count, 8, fail);
                    var fromRaw = new long[count];
                    for (int i = 0; i < count; i++)
                    {
                        fromRaw[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8, 8));
                    }

                    return fromRaw;
                }

                CheckTypedLength(tensor, count, tensor.Int64Data.Count, "int64_data", fail);
                return tensor.Int64Data.ToArray();

            case TensorProto.Int32:
                if (UsesRaw(tensor, tensor.Int32Data.Count, fail))
                {
                    CheckRawLength(tensor, count, 4, fail);
                    var fromRaw = new long[count];
                    for (int i = 0; i < count; i++)
                    {
                        fromRaw[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4, 4));
                    }

                    return fromRaw;
                }

                CheckTypedLength(tensor, count, tensor.Int32Data.Count, "int32_data", fail);
                return tensor.Int32Data.Select(v => (long)v).ToArray();

            default:
                throw fail($"tensor '{tensor.Name}' has data type {DataTypeName(tensor.DataType)}; INT64 or INT32 is needed here");
        }
    }

    public static string DataTypeName(int dataType) => dataType switch
    {
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        16 => "BFLOAT16",
        _ => $"#{dataType}",
    };

    private static int ElementCount(TensorProto tensor, Func<string, Exception> fail)
    {
        if (tensor.IsExternal)
        {
            throw fail($"tensor '{tensor.Name}' keeps its data in an external file, which is not supported; export with the data embedded");
        }

        long count = 1;
        foreach (int dim in Shape(tensor, fail))
        {
            count *= dim;
        }

        return (int)count;
    }

    private static bool UsesRaw(TensorProto tensor, int typedCount, Func<string, Exception> fail)
    {
        if (tensor.RawData.Length > 0 && typedCount > 0)
        {
            throw fail($"tensor '{tensor.Name}' has both raw_data and typed data; ONNX allows only one");
        }

        return tensor.RawData.Length > 0;
    }

    private static void CheckRawLength(TensorProto tensor, int count, int elementSize, Func<string, Exception> fail)
    {
        if (tensor.RawData.Length != (long)count * elementSize)
        {
            throw fail($"tensor '{tensor.Name}' has dims [{string.Join(", ", tensor.Dims)}] ({count} values) but raw_data holds {tensor.RawData.Length} bytes, expected {(long)count * elementSize}");
        }
    }

    private static void CheckTypedLength(TensorProto tensor, int count, int stored, string field, Func<string, Exception> fail)
    {
        if (stored != count)
        {
            throw fail($"tensor '{tensor.Name}' has dims [{string.Join(", ", tensor.Dims)}] ({count} values) but {field} holds {stored}");
        }
    }

    private static int CheckedFloat16Count(TensorProto tensor, int count, Func<string, Exception> fail)
    {
        if (UsesRaw(tensor, tensor.Int32Data.Count, fail))
        {
            CheckRawLength(tensor, count, 2, fail);
        }
        else
        {
            CheckTypedLength(tensor, count, tensor.Int32Data.Count, "int32_data", fail);
        }

        return count;
    }
}
