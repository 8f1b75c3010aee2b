using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Onnx;

/// <summary>An imported graph together with the model's file-level metadata.</summary>
public sealed record OnnxImportResult(ModelGraph Graph, OnnxModelInfo Info);
