namespace Specialized.Runtime.Onnx;

/// <summary>File-level facts about an imported ONNX model, for reports.</summary>
/// <param name="SourceName">The file name (or the name the caller gave the bytes).</param>
/// <param name="IrVersion">ModelProto.ir_version.</param>
/// <param name="ProducerName">ModelProto.producer_name, e.g. "pytorch"; empty when absent.</param>
/// <param name="ProducerVersion">ModelProto.producer_version; empty when absent.</param>
/// <param name="Opset">The version of the default ("" / "ai.onnx") operator set.</param>
public sealed record OnnxModelInfo(string SourceName, long IrVersion, string ProducerName, string ProducerVersion, long Opset);
