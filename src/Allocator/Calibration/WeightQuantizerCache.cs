using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// Quantizes Conv/Gemm weights per output channel (symmetric, <see cref="WeightQuantization"/>) with the chosen
/// clipping, once per (node, width): sensitivity measurement asks for the same layer at the same width many times
/// (every pair it belongs to), and the MSE search is the expensive part. Thread-safe.
/// </summary>
public sealed class WeightQuantizerCache(ModelGraph graph, ClippingMethod clipping)
{
    private readonly Dictionary<(int Node, int Bits), QuantizedWeights> _cache = [];
    private readonly Lock _lock = new();

    public ModelGraph Graph { get; } = graph ?? throw new ArgumentNullException(nameof(graph));

    public ClippingMethod Clipping { get; } = clipping;

    /// <summary>Node <paramref name="nodeIndex"/> (a Conv or Gemm) quantized at <paramref name="bits"/> bits.</summary>
    /// <exception cref="ArgumentException">The node is not a Conv or Gemm.</exception>
    public QuantizedWeights Get(int nodeIndex, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nodeIndex, Graph.Nodes.Count);
        lock (_lock)
        {
            if (!_cache.TryGetValue((nodeIndex, bits), out var result))
            {
                result = Quantize(nodeIndex, bits);
                _cache[(nodeIndex, bits)] = result;
            }

            return result;
        }
    }

    private QuantizedWeights Quantize(int nodeIndex, int bits)
    {
        var node = Graph.Nodes[nodeIndex];
        var (weight, outChannels) = node switch
        {
            ConvNode conv => (conv.Weight, conv.Geometry.OutChannels),
            GemmNode gemm => (gemm.Weight, gemm.OutFeatures),
            _ => throw new ArgumentException($"node {nodeIndex} '{node.Name}' ({node.OpType}) has no weights to quantize; only Conv and Gemm do", nameof(nodeIndex)),
        };

        float[] clip = WeightClipping.Choose(weight, outChannels, bits, Clipping);
        var quantization = WeightQuantization.Quantize(weight, outChannels, bits, clip);
        float[] dequantized = quantization.Dequantize();
        double error = 0;
        for (int i = 0; i < weight.Length; i++)
        {
            double d = weight[i] - (double)dequantized[i];
            error += d * d;
        }

        Node replacement = node switch
        {
            ConvNode conv => conv.WithParameters(dequantized, conv.Bias),
            GemmNode gemm => gemm.WithParameters(dequantized, gemm.Bias),
            _ => throw new InvalidOperationException("unreachable: checked above"),
        };
        return new QuantizedWeights(nodeIndex, bits, quantization, clip, error, replacement);
    }
}
