using System.Security.Cryptography;
using System.Text;
using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>Model identities for the sensitivity cache key.</summary>
public static class ModelFingerprint
{
    /// <summary>SHA-256 hex of the file's bytes (the ONNX model as given).</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// SHA-256 hex over the graph's node names, op types, inputs, output and every Conv/Gemm weight and bias value:
    /// for models built in memory (tests), where there is no file.
    /// </summary>
    public static string OfGraph(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var node in graph.Nodes)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{node.OpType}|{node.Name}|{string.Join(",", node.Inputs)}|{node.Output}\n"));
            var (weight, bias) = node switch
            {
                ConvNode conv => (conv.Weight, conv.Bias),
                GemmNode gemm => (gemm.Weight, gemm.Bias),
                _ => ([], []),
            };
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(weight.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bias.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
