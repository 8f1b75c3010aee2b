namespace Specialized.Runtime.Onnx.Proto;

/// <summary>
/// ValueInfoProto (name 1, type 2) flattened through TypeProto.tensor_type (1) → Tensor (elem_type 1, shape 2)
/// → TensorShapeProto.dim (1) → Dimension (dim_value 1, dim_param 2).
/// </summary>
internal sealed class ValueInfoProto
{
    public string Name { get; private set; } = "";

    /// <summary>False when the value has no tensor_type (a sequence, map or missing type).</summary>
    public bool IsTensor { get; private set; }

    public int ElementType { get; private set; }

    /// <summary>Null when the tensor type carries no shape at all.</summary>
    public List<Dimension>? Shape { get; private set; }

    /// <summary>One dimension: a fixed value, a symbolic name, or neither (unknown).</summary>
    public readonly record struct Dimension(long? Value, string? Param);

    public static ValueInfoProto Read(ProtoReader reader)
    {
        var info = new ValueInfoProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: info.Name = reader.ReadString("ValueInfoProto.name"); break;
                case 2: reader.ReadMessage("ValueInfoProto.type", info.ReadType); break;
                default: reader.Skip(); break;
            }
        }

        return info;
    }

    private bool ReadType(ProtoReader reader)
    {
        while (reader.NextField(out int field))
        {
            if (field == 1)
            {
                IsTensor = true;
                reader.ReadMessage("TypeProto.tensor_type", ReadTensorType);
            }
            else
            {
                reader.Skip();
            }
        }

        return true;
    }

    private bool ReadTensorType(ProtoReader reader)
    {
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: ElementType = reader.ReadInt32("TypeProto.Tensor.elem_type"); break;
                case 2:
                    Shape ??= [];
                    reader.ReadMessage("TypeProto.Tensor.shape", ReadShape);
                    break;
                default: reader.Skip(); break;
            }
        }

        return true;
    }

    private bool ReadShape(ProtoReader reader)
    {
        while (reader.NextField(out int field))
        {
            if (field == 1)
            {
                Shape!.Add(reader.ReadMessage("TensorShapeProto.dim", ReadDimension));
            }
            else
            {
                reader.Skip();
            }
        }

        return true;
    }

    private static Dimension ReadDimension(ProtoReader reader)
    {
        long? value = null;
        string? param = null;
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: value = reader.ReadInt64("Dimension.dim_value"); break;
                case 2: param = reader.ReadString("Dimension.dim_param"); break;
                default: reader.Skip(); break;
            }
        }

        return new Dimension(value, param);
    }
}
