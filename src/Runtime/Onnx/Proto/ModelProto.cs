namespace Specialized.Runtime.Onnx.Proto;

/// <summary>ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8. Other fields are skipped.</summary>
internal sealed class ModelProto
{
    public long IrVersion { get; private set; }

    public string ProducerName { get; private set; } = "";

    public string ProducerVersion { get; private set; } = "";

    public GraphProto? Graph { get; private set; }

    /// <summary>(domain, version) pairs; the default domain is "" (or, rarely, "ai.onnx").</summary>
    public List<(string Domain, long Version)> OpsetImports { get; } = [];

    public static ModelProto Read(ProtoReader reader)
    {
        var model = new ModelProto();
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: model.IrVersion = reader.ReadInt64("ModelProto.ir_version"); break;
                case 2: model.ProducerName = reader.ReadString("ModelProto.producer_name"); break;
                case 3: model.ProducerVersion = reader.ReadString("ModelProto.producer_version"); break;
                case 7: model.Graph = reader.ReadMessage("ModelProto.graph", GraphProto.Read); break;
                case 8: model.OpsetImports.Add(reader.ReadMessage("ModelProto.opset_import", ReadOpset)); break;
                default: reader.Skip(); break;
            }
        }

        return model;
    }

    private static (string, long) ReadOpset(ProtoReader reader)
    {
        string domain = "";
        long version = 0;
        while (reader.NextField(out int field))
        {
            switch (field)
            {
                case 1: domain = reader.ReadString("OperatorSetIdProto.domain"); break;
                case 2: version = reader.ReadInt64("OperatorSetIdProto.version"); break;
                default: reader.Skip(); break;
            }
        }

        return (domain, version);
    }
}
