using Specialized.Runtime.Graph;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>A layer whose weights can be quantized: a Conv or Gemm node of the graph.</summary>
/// <param name="NodeIndex">Index in <c>ModelGraph.Nodes</c>.</param>
/// <param name="Name">The node name (as in the ONNX file).</param>
/// <param name="OpType">"Conv" or "Gemm".</param>
/// <param name="ParameterCount">Number of weights (bias excluded): what the size budget counts.</param>
public sealed record QuantizableLayer(int NodeIndex, string Name, string OpType, long ParameterCount)
{
    /// <summary>Every Conv and Gemm node of <paramref name="graph"/>, in graph order.</summary>
    public static IReadOnlyList<QuantizableLayer> FindAll(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var layers = new List<QuantizableLayer>();
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            switch (graph.Nodes[i])
            {
                case ConvNode conv:
                    layers.Add(new QuantizableLayer(i, conv.Name, conv.OpType, conv.Weight.Length));
                    break;
                case GemmNode gemm:
                    layers.Add(new QuantizableLayer(i, gemm.Name, gemm.OpType, gemm.Weight.Length));
                    break;
            }
        }

        return layers;
    }
}
