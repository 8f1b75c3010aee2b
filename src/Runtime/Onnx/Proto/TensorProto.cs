using Google.Protobuf;

namespace Specialized.Runtime.Onnx.Proto;

/// <summary>
/// TensorProto: dims 1, data_type 2, float_data 4, int32_data 5, int64_data 7, name 8, raw_data 9,
/// external_data 13, data_location 14. Values are kept as read; <see cref="Onnx.TensorDecoder"/> checks the
/// dims against the data and converts. Other fields (segments, string/double/uint64 data) are skipped.
/// </summary>
internal sealed class TensorProto
{
    public const int Float = 1;
    public const int Int32 = 6;
    public const int Int64 = 7;
    public const int Float16 = 10;

    public List<long> Dims { get; } = [];

    public int DataType { get; private set; }

    public List<float> FloatData { get; } = [];

    /// <summary>INT32 values, or FLOAT16 bit patterns in the low 16 bits.</summary>
    public List<int> Int32Data { get; } = [];

    public List<long> Int64Data { get; } = [];

    public string Name { get; private set; } = "";

    /// <summary>Little-endian packed values; empty when the typed fields are used.</summary>
    public ByteString RawData { get; private set; } = ByteString.Empty;

    /// <summary>True when data_location is EXTERNAL or external_data entries exist (not supported).</summary>
    public bool IsExternal { get; private set; }

    /// <summary>A float32 tensor made during import (e.g. a constant folded from a Cast).</summary>
    public static TensorProto FromFloats(string name, IEnumerable<long> dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static TensorProto Read(ProtoReader reader)
    {
        var tensor = new TensorProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: reader.ReadRepeatedInt64("TensorProto.dims", tensor.Dims); break;
                case 2: tensor.DataType = reader.ReadInt32("TensorProto.data_type"); break;
                case 4: reader.ReadRepeatedFloat("TensorProto.float_data", tensor.FloatData); break;
                case 5: reader.ReadRepeatedInt32("TensorProto.int32_data", tensor.Int32Data); break;
                case 7: reader.ReadRepeatedInt64("TensorProto.int64_data", tensor.Int64Data); break;
                case 8: tensor.Name = reader.ReadString("TensorProto.name"); break;
                case 9: tensor.RawData = reader.ReadBytes("TensorProto.raw_data"); break;
                case 13:
                    reader.Skip();
                    tensor.IsExternal = true;
                    break;
                case 14: tensor.IsExternal |= reader.ReadInt32("TensorProto.data_location") == 1; break;
                default: reader.Skip(); break;
            }
        }

        return tensor;
    }
}
