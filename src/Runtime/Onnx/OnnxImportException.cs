namespace Specialized.Runtime.Onnx;

/// <summary>
/// An ONNX file that cannot be imported: malformed protobuf, an unsupported op or attribute value, a missing
/// initializer, an inconsistent shape. The message always starts with the source file name and, when the
/// problem belongs to one node, names that node and its op so it can be found in a model viewer.
/// </summary>
public sealed class OnnxImportException : Exception
{
    public OnnxImportException(string sourceName, string? nodeName, string? opType, string problem, Exception? inner = null)
        : base(Compose(sourceName, nodeName, opType, problem), inner)
    {
        SourceName = sourceName;
        NodeName = nodeName;
        OpType = opType;
        Problem = problem;
    }

    /// <summary>The file name (or caller-given source name) of the model.</summary>
    public string SourceName { get; }

    /// <summary>The node the problem belongs to, or null for a file-level problem (framing, opset, graph input).</summary>
    public string? NodeName { get; }

    /// <summary>The op type of <see cref="NodeName"/>, or null for a file-level problem.</summary>
    public string? OpType { get; }

    /// <summary>The problem alone, without file and node prefix.</summary>
    public string Problem { get; }

    private static string Compose(string sourceName, string? nodeName, string? opType, string problem) =>
        nodeName is null
            ? $"{sourceName}: {problem}"
            : $"{sourceName}: node '{nodeName}' ({opType}): {problem}";
}
