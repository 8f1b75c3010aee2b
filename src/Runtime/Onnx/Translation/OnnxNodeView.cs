using Specialized.Runtime.Onnx.Proto;

namespace Specialized.Runtime.Onnx.Translation;

/// <summary>
/// One ONNX node as the translator sees it: its (possibly generated) name, typed attribute access with
/// ONNX defaults, and errors that name the file, the node and the op.
/// </summary>
internal sealed class OnnxNodeView
{
    private readonly NodeProto proto;
    private readonly string sourceName;

    public OnnxNodeView(NodeProto proto, int index, string sourceName)
    {
        this.proto = proto;
        this.sourceName = sourceName;
        OpType = proto.OpType;
        Name = proto.Name.Length > 0 ? proto.Name : $"{(OpType.Length > 0 ? OpType : "Node")}_{index}";
    }

    public string Name { get; }

    public string OpType { get; }

    public string Domain => proto.Domain;

    public int InputCount => proto.Inputs.Count;

    public int OutputCount => proto.Outputs.Count;

    /// <summary>The i-th input name, or "" when it is omitted (absent or empty string).</summary>
    public string Input(int index) => index < proto.Inputs.Count ? proto.Inputs[index] : "";

    /// <summary>The i-th output name, or "" when it is omitted.</summary>
    public string Output(int index) => index < proto.Outputs.Count ? proto.Outputs[index] : "";

    public OnnxImportException Fail(string problem) => new(sourceName, Name, OpType, problem);

    /// <summary>The input that must be present, or an error naming what it is for.</summary>
    public string RequiredInput(int index, string role)
    {
        string name = Input(index);
        return name.Length > 0 ? name : throw Fail($"input {index} ({role}) is missing");
    }

    public string RequiredOutput()
    {
        string name = Output(0);
        return name.Length > 0 ? name : throw Fail("has no output");
    }

    public long Int(string name, long defaultValue)
    {
        var attribute = Find(name);
        if (attribute is null)
        {
            return defaultValue;
        }

        return attribute.I ?? throw Fail($"attribute '{name}' must be an integer");
    }

    public float Float(string name, float defaultValue)
    {
        var attribute = Find(name);
        if (attribute is null)
        {
            return defaultValue;
        }

        return attribute.F ?? throw Fail($"attribute '{name}' must be a float");
    }

    public string String(string name, string defaultValue)
    {
        var attribute = Find(name);
        if (attribute is null)
        {
            return defaultValue;
        }

        return attribute.S ?? throw Fail($"attribute '{name}' must be a string");
    }

    /// <summary>An INTS attribute, or null when absent.</summary>
    public long[]? Ints(string name)
    {
        var attribute = Find(name);
        if (attribute is null)
        {
            return null;
        }

        if (attribute.Ints.Count == 0 && attribute.Type != 7)
        {
            throw Fail($"attribute '{name}' must be a list of integers");
        }

        return attribute.Ints.ToArray();
    }

    public TensorProto? Tensor(string name) => Find(name)?.T;

    public bool HasAttribute(string name) => Find(name) is not null;

    /// <summary>Rejects an attribute value the translation does not support, naming attribute and value.</summary>
    public OnnxImportException Unsupported(string attribute, object value, string supported) =>
        Fail($"attribute {attribute}={value} is not supported ({supported})");

    private AttributeProto? Find(string name)
    {
        // Last one wins if an exporter repeats an attribute; ONNX forbids it, so which one hardly matters.
        AttributeProto? found = null;
        foreach (var attribute in proto.Attributes)
        {
            if (attribute.Name == name)
            {
                found = attribute;
            }
        }

        return found;
    }
}
