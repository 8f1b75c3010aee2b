namespace Specialized.Runtime.Onnx.Proto;

/// <summary>NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7. Other fields are skipped.</summary>
internal sealed class NodeProto
{
    /// <summary>Input tensor names; an empty string is an omitted optional input.</summary>
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string Name { get; private set; } = "";

    public string OpType { get; private set; } = "";

    public string Domain { get; private set; } = "";

    public List<AttributeProto> Attributes { get; } = [];

    public static NodeProto Read(ProtoReader reader)
    {
        var node = new NodeProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: node.Inputs.Add(reader.ReadString("NodeProto.input")); break;
                case 2: node.Outputs.Add(reader.ReadString("NodeProto.output")); break;
                case 3: node.Name = reader.ReadString("NodeProto.name"); break;
                case 4: node.OpType = reader.ReadString("NodeProto.op_type"); break;
                case 5: node.Attributes.Add(reader.ReadMessage("NodeProto.attribute", AttributeProto.Read)); break;
                case 7: node.Domain = reader.ReadString("NodeProto.domain"); break;
                default: reader.Skip(); break;
            }
        }

        return node;
    }
}
