using Google.Protobuf;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>How a test initializer stores its values, to cover every encoding exporters use.</summary>
public enum TensorEncoding
{
    /// <summary>FLOAT in little-endian raw_data (what PyTorch writes).</summary>
    Raw,

    /// <summary>FLOAT in packed float_data.</summary>
    FloatData,

    /// <summary>FLOAT in float_data, one fixed32 field per value.</summary>
    FloatDataUnpacked,

    /// <summary>FLOAT16 in raw_data.</summary>
    Float16Raw,

    /// <summary>FLOAT16 bit patterns in int32_data.</summary>
    Float16Int32,
}

/// <summary>One ONNX attribute, already encoded as an AttributeProto.</summary>
public sealed class OnnxAttribute(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public static OnnxAttribute Int(string name, long value) => new(OnnxModelBuilder.Message(o =>
    {
        OnnxModelBuilder.WriteString(o, 1, name);
        o.WriteTag(3, WireFormat.WireType.Varint);
        o.WriteInt64(value);
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(2);
    }));

    public static OnnxAttribute Float(string name, float value) => new(OnnxModelBuilder.Message(o =>
    {
        OnnxModelBuilder.WriteString(o, 1, name);
        o.WriteTag(2, WireFormat.WireType.Fixed32);
        o.WriteFloat(value);
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(1);
    }));

    public static OnnxAttribute String(string name, string value) => new(OnnxModelBuilder.Message(o =>
    {
        OnnxModelBuilder.WriteString(o, 1, name);
        OnnxModelBuilder.WriteString(o, 4, value);
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(3);
    }));

    /// <summary>An INTS attribute, packed (one length-delimited run) or unpacked (one varint field per value).</summary>
    public static OnnxAttribute Ints(string name, bool packed, params long[] values) => new(OnnxModelBuilder.Message(o =>
    {
        OnnxModelBuilder.WriteString(o, 1, name);
        OnnxModelBuilder.WriteInt64s(o, 8, values, packed);
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(7);
    }));

    public static OnnxAttribute Ints(string name, params long[] values) => Ints(name, packed: true, values);

    /// <summary>A TENSOR attribute (Constant's value) holding an encoded TensorProto.</summary>
    public static OnnxAttribute Tensor(string name, byte[] tensor) => new(OnnxModelBuilder.Message(o =>
    {
        OnnxModelBuilder.WriteString(o, 1, name);
        OnnxModelBuilder.WriteMessage(o, 5, tensor);
        o.WriteTag(20, WireFormat.WireType.Varint);
        o.WriteInt32(4);
    }));
}

/// <summary>
/// Writes small ONNX models with <see cref="CodedOutputStream"/>, field by field, so the importer is tested
/// against encodings made here rather than against its own reader. Field numbers follow onnx.proto.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly List<byte[]> nodes = [];
    private readonly List<byte[]> initializers = [];
    private readonly List<byte[]> inputs = [];
    private readonly List<byte[]> outputs = [];
    private readonly List<(string Domain, long Version)> opsets = [];

    public OnnxModelBuilder(long opset = 13)
    {
        opsets.Add(("", opset));
    }

    public string Producer { get; set; } = "unit-test";

    /// <summary>A float32 graph input; a null dimension is written as the symbolic dim_param "N".</summary>
    public OnnxModelBuilder Input(string name, params long?[] dims)
    {
        inputs.Add(ValueInfo(name, 1, dims));
        return this;
    }

    /// <summary>A graph input whose tensor type has no shape field.</summary>
    public OnnxModelBuilder InputWithoutShape(string name)
    {
        inputs.Add(ValueInfo(name, 1, null));
        return this;
    }

    public OnnxModelBuilder Output(string name)
    {
        outputs.Add(ValueInfo(name, 1, []));
        return this;
    }

    public OnnxModelBuilder Opset(string domain, long version)
    {
        opsets.Add((domain, version));
        return this;
    }

    /// <summary>Removes all opset imports (for the "no opset" error).</summary>
    public OnnxModelBuilder ClearOpsets()
    {
        opsets.Clear();
        return this;
    }

    public OnnxModelBuilder Initializer(string name, long[] dims, float[] values, TensorEncoding encoding = TensorEncoding.Raw)
    {
        initializers.Add(FloatTensor(name, dims, values, encoding));
        return this;
    }

    public OnnxModelBuilder InitializerInt64(string name, long[] dims, long[] values, bool raw = true)
    {
        initializers.Add(Int64Tensor(name, dims, values, raw));
        return this;
    }

    /// <summary>An initializer given as an already encoded TensorProto (for malformed cases).</summary>
    public OnnxModelBuilder InitializerBytes(byte[] tensor)
    {
        initializers.Add(tensor);
        return this;
    }

    /// <summary>Also lists an initializer among the graph inputs, as exporters before IR 4 did.</summary>
    public OnnxModelBuilder InputForInitializer(string name, params long?[] dims)
    {
        inputs.Add(ValueInfo(name, 1, dims));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] nodeInputs, string[] nodeOutputs, string name = "", params OnnxAttribute[] attributes) =>
        DomainNode("", opType, nodeInputs, nodeOutputs, name, attributes);

    public OnnxModelBuilder DomainNode(string domain, string opType, string[] nodeInputs, string[] nodeOutputs, string name = "", params OnnxAttribute[] attributes)
    {
        nodes.Add(Message(o =>
        {
            foreach (var input in nodeInputs)
            {
                WriteString(o, 1, input);
            }

            foreach (var output in nodeOutputs)
            {
                WriteString(o, 2, output);
            }

            if (name.Length > 0)
            {
                WriteString(o, 3, name);
            }

            WriteString(o, 4, opType);
            foreach (var attribute in attributes)
            {
                WriteMessage(o, 5, attribute.Bytes);
            }

            if (domain.Length > 0)
            {
                WriteString(o, 7, domain);
            }
        }));
        return this;
    }

    /// <summary>The ModelProto bytes, with a few fields the importer must skip (doc_string, an unknown varint).</summary>
    public byte[] Build() => Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt64(8);
        WriteString(o, 2, Producer);
        WriteString(o, 3, "0.0");
        WriteString(o, 6, "doc string the importer skips");
        foreach (var (domain, version) in opsets)
        {
            WriteMessage(o, 8, Message(s =>
            {
                WriteString(s, 1, domain);
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(version);
            }));
        }

        WriteMessage(o, 7, Message(g =>
        {
            nodes.ForEach(n => WriteMessage(g, 1, n));
            WriteString(g, 2, "test_graph");
            initializers.ForEach(t => WriteMessage(g, 5, t));
            inputs.ForEach(i => WriteMessage(g, 11, i));
            outputs.ForEach(i => WriteMessage(g, 12, i));
        }));
        o.WriteTag(999, WireFormat.WireType.Varint);
        o.WriteInt64(12345);
    });

    public static byte[] FloatTensor(string name, long[] dims, float[] values, TensorEncoding encoding = TensorEncoding.Raw) => Message(o =>
    {
        WriteInt64s(o, 1, dims, packed: true);
        bool half = encoding is TensorEncoding.Float16Raw or TensorEncoding.Float16Int32;
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32(half ? 10 : 1);
        WriteString(o, 8, name);
        switch (encoding)
        {
            case TensorEncoding.Raw:
                WriteRaw(o, values.SelectMany(BitConverter.GetBytes));
                break;
            case TensorEncoding.FloatData:
                o.WriteTag(4, WireFormat.WireType.LengthDelimited);
                o.WriteLength(values.Length * 4);
                Array.ForEach(values, o.WriteFloat);
                break;
            case TensorEncoding.FloatDataUnpacked:
                foreach (float v in values)
                {
                    o.WriteTag(4, WireFormat.WireType.Fixed32);
                    o.WriteFloat(v);
                }

                break;
            case TensorEncoding.Float16Raw:
                WriteRaw(o, values.SelectMany(v => BitConverter.GetBytes((Half)v)));
                break;
            case TensorEncoding.Float16Int32:
                foreach (float v in values)
                {
                    o.WriteTag(5, WireFormat.WireType.Varint);
                    o.WriteInt32(BitConverter.HalfToUInt16Bits((Half)v));
                }

                break;
        }
    });

    public static byte[] Int64Tensor(string name, long[] dims, long[] values, bool raw = true) => Message(o =>
    {
        WriteInt64s(o, 1, dims, packed: true);
        o.WriteTag(2, WireFormat.WireType.Varint);
        o.WriteInt32(7);
        WriteString(o, 8, name);
        if (raw)
        {
            WriteRaw(o, values.SelectMany(BitConverter.GetBytes));
        }
        else
        {
            WriteInt64s(o, 7, values, packed: false);
        }
    });

    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    public static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    public static void WriteMessage(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(message));
    }

    public static void WriteInt64s(CodedOutputStream o, int field, long[] values, bool packed)
    {
        if (!packed)
        {
            foreach (long v in values)
            {
                o.WriteTag(field, WireFormat.WireType.Varint);
                o.WriteInt64(v);
            }

            return;
        }

        byte[] run = Message(s => Array.ForEach(values, s.WriteInt64));
        WriteMessage(o, field, run);
    }

    private static void WriteRaw(CodedOutputStream o, IEnumerable<byte> bytes)
    {
        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(bytes.ToArray()));
    }

    /// <summary>ValueInfoProto → TypeProto.tensor_type → (elem_type, shape); dims null means no shape field.</summary>
    private static byte[] ValueInfo(string name, int elementType, long?[]? dims) => Message(o =>
    {
        WriteString(o, 1, name);
        WriteMessage(o, 2, Message(type => WriteMessage(type, 1, Message(tensor =>
        {
            tensor.WriteTag(1, WireFormat.WireType.Varint);
            tensor.WriteInt32(elementType);
            if (dims is not null)
            {
                WriteMessage(tensor, 2, Message(shape =>
                {
                    foreach (long? dim in dims)
                    {
                        WriteMessage(shape, 1, Message(d =>
                        {
                            if (dim is { } value)
                            {
                                d.WriteTag(1, WireFormat.WireType.Varint);
                                d.WriteInt64(value);
                            }
                            else
                            {
                                WriteString(d, 2, "N");
                            }
                        }));
                    }
                }));
            }
        }))));
    });
}
