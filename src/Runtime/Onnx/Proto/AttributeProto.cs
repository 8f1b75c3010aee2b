namespace Specialized.Runtime.Onnx.Proto;

/// <summary>
/// AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20. Each value field is recorded only
/// when present, so a consumer can tell "attribute of the wrong kind" from "attribute absent". Subgraphs (g 6)
/// and the other list kinds are skipped: no supported op uses them.
/// </summary>
internal sealed class AttributeProto
{
    public string Name { get; private set; } = "";

    /// <summary>The declared AttributeType (1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, ...), 0 if absent.</summary>
    public int Type { get; private set; }

    public float? F { get; private set; }

    public long? I { get; private set; }

    public string? S { get; private set; }

    public TensorProto? T { get; private set; }

    public List<float> Floats { get; } = [];

    public List<long> Ints { get; } = [];

    public static AttributeProto Read(ProtoReader reader)
    {
        var attribute = new AttributeProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: attribute.Name = reader.ReadString("AttributeProto.name"); break;
                case 2: attribute.F = reader.ReadFloat("AttributeProto.f"); break;
                case 3: attribute.I = reader.ReadInt64("AttributeProto.i"); break;
                case 4: attribute.S = reader.ReadBytes("AttributeProto.s").ToStringUtf8(); break;
                case 5: attribute.T = reader.ReadMessage("AttributeProto.t", TensorProto.Read); break;
                case 7: reader.ReadRepeatedFloat("AttributeProto.floats", attribute.Floats); break;
                case 8: reader.ReadRepeatedInt64("AttributeProto.ints", attribute.Ints); break;
                case 20: attribute.Type = reader.ReadInt32("AttributeProto.type"); break;
                default: reader.Skip(); break;
            }
        }

        return attribute;
    }
}
