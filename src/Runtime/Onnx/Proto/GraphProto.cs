namespace Specialized.Runtime.Onnx.Proto;

/// <summary>GraphProto: node 1, name 2, initializer 5, input 11, output 12, value_info 13. Other fields are skipped.</summary>
internal sealed class GraphProto
{
    public string Name { get; private set; } = "";

    public List<NodeProto> Nodes { get; } = [];

    public List<TensorProto> Initializers { get; } = [];

    public List<ValueInfoProto> Inputs { get; } = [];

    public List<ValueInfoProto> Outputs { get; } = [];

    public static GraphProto Read(ProtoReader reader)
    {
        var graph = new GraphProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: graph.Nodes.Add(reader.ReadMessage("GraphProto.node", NodeProto.Read)); break;
                case 2: graph.Name = reader.ReadString("GraphProto.name"); break;
                case 5: graph.Initializers.Add(reader.ReadMessage("GraphProto.initializer", TensorProto.Read)); break;
                case 11: graph.Inputs.Add(reader.ReadMessage("GraphProto.input", ValueInfoProto.Read)); break;
                case 12: graph.Outputs.Add(reader.ReadMessage("GraphProto.output", ValueInfoProto.Read)); break;

                // value_info (13) only annotates intermediate shapes, which the importer infers itself.
                default: reader.Skip(); break;
            }
        }

        return graph;
    }
}
