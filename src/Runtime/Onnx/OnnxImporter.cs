using Google.Protobuf;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx.Proto;
using Specialized.Runtime.Onnx.Translation;

namespace Specialized.Runtime.Onnx;

/// <summary>
/// Imports a PyTorch-exported ONNX CNN (opset 11–17) as a <see cref="ModelGraph"/>. The protobuf is read by
/// hand-written readers on <see cref="CodedInputStream"/>; see docs/onnx-import.md for the supported ops,
/// what is folded and fused, and the error behaviour.
/// </summary>
/// <remarks>
/// Every problem with the input — malformed protobuf, unsupported op or attribute, inconsistent shapes — is
/// reported as an <see cref="OnnxImportException"/> whose message starts with the source name. I/O failures
/// opening a file stay the usual <see cref="IOException"/> family.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>The opset range of the default domain this importer accepts.</summary>
    public const long MinOpset = 11;

    /// <inheritdoc cref="MinOpset"/>
    public const long MaxOpset = 17;

    /// <summary>Imports the ONNX file at <paramref name="path"/>; the file name is used in error messages.</summary>
    public static ModelGraph Load(string path) => Import(path).Graph;

    /// <summary>Imports ONNX bytes; <paramref name="sourceName"/> names them in error messages.</summary>
    public static ModelGraph Load(ReadOnlySpan<byte> bytes, string sourceName) => Import(bytes.ToArray(), sourceName).Graph;

    /// <summary>Imports an ONNX model read to the end of <paramref name="stream"/>.</summary>
    public static ModelGraph Load(Stream stream, string sourceName) => Import(stream, sourceName).Graph;

    /// <summary>Like <see cref="Load(string)"/>, also returning producer and opset.</summary>
    public static OnnxImportResult Import(string path) => Import(File.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>Like <see cref="Load(Stream, string)"/>, also returning producer and opset.</summary>
    public static OnnxImportResult Import(Stream stream, string sourceName)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Import(copy.ToArray(), sourceName);
    }

    /// <summary>Like <see cref="Load(ReadOnlySpan{byte}, string)"/>, also returning producer and opset.</summary>
    public static OnnxImportResult Import(byte[] bytes, string sourceName)
    {
        var model = Parse(bytes, sourceName);
        var info = new OnnxModelInfo(sourceName, model.IrVersion, model.ProducerName, model.ProducerVersion, DefaultOpset(model, sourceName));
        return new OnnxImportResult(GraphTranslator.Translate(model, sourceName, info), info);
    }

    private static ModelProto Parse(byte[] bytes, string sourceName)
    {
        if (bytes.Length == 0)
        {
            throw new OnnxImportException(sourceName, null, null, "the file is empty");
        }

        var reader = new ProtoReader(bytes, sourceName);
        try
        {
            return ModelProto.Read(reader);
        }
        catch (ProtoFormatException e)
        {
            throw new OnnxImportException(sourceName, null, null, $"not a valid ONNX protobuf: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException(sourceName, null, null, $"not a valid ONNX protobuf: {e.Message} (while reading {reader.Where})", e);
        }
    }

    private static long DefaultOpset(ModelProto model, string sourceName)
    {
        var versions = model.OpsetImports.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).Distinct().ToList();
        if (versions.Count != 1)
        {
            string found = versions.Count == 0 ? "none" : string.Join(", ", versions);
            throw new OnnxImportException(sourceName, null, null, $"expected exactly one default-domain opset import, found {found}");
        }

        if (versions[0] is < MinOpset or > MaxOpset)
        {
            throw new OnnxImportException(sourceName, null, null, $"opset {versions[0]} is not supported; export with an opset between {MinOpset} and {MaxOpset}");
        }

        return versions[0];
    }
}
