using Specialized.Runtime.Graph;
using Specialized.Runtime.Reference;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Execution;

/// <summary>
/// Runs a <see cref="ModelGraph"/> node by node with the scalar <see cref="FloatReference"/> kernels: the oracle for
/// the fast float executor and for ONNX import parity. Slow on purpose (readable, one kernel call per node).
/// </summary>
public static class ReferenceGraphExecutor
{
    /// <summary>
    /// Evaluates <paramref name="graph"/> on <paramref name="input"/> (float32 NCHW, batch taken from its shape) and
    /// returns the tensors named by <see cref="ModelGraph.OutputNames"/>, in that order. Every tensor gets its own
    /// buffer (Flatten/Reshape copy), so no output aliases the input or another output.
    /// </summary>
    /// <exception cref="GraphException">The input shape does not fit the graph, a node rejects its input shapes, or a
    /// node type has no reference kernel.</exception>
    /// <param name="graph">The model.</param>
    /// <param name="input">Float32 NCHW input.</param>
    /// <param name="observe">Optional: called with the name and value of the input and then of every node output, in
    /// evaluation order (calibration records activation ranges this way). The tensor must not be modified.</param>
    public static IReadOnlyList<DenseTensor<float>> Run(ModelGraph graph, DenseTensor<float> input, Action<string, DenseTensor<float>>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(input);
        var shapes = graph.InferShapes(input.Shape);
        var values = new Dictionary<string, DenseTensor<float>>(StringComparer.Ordinal) { [graph.InputName] = input };
        observe?.Invoke(graph.InputName, input);
        foreach (var node in graph.Nodes)
        {
            var output = new DenseTensor<float>(shapes[node.Output]);
            Evaluate(node, node.Inputs.Select(name => values[name]).ToArray(), output);
            values[node.Output] = output;
            observe?.Invoke(node.Output, output);
        }

        return graph.OutputNames.Select(name => values[name]).ToArray();
    }

    private static void Evaluate(Node node, DenseTensor<float>[] inputs, DenseTensor<float> output)
    {
        var x = inputs[0];
        switch (node)
        {
            case ConvNode conv:
                FloatReference.Conv2d(x.Data, x.Shape[0], x.Shape[2], x.Shape[3], conv.Geometry, conv.Weight, conv.Bias, conv.Activation, output.Data);
                break;
            case GemmNode gemm:
                FloatReference.Gemm(x.Data, x.Shape[0], gemm.InFeatures, gemm.OutFeatures, gemm.Weight, gemm.Bias, gemm.Activation, output.Data);
                break;
            case AddNode add:
                FloatReference.Add(x.Data, inputs[1].Data, add.Activation, output.Data);
                break;
            case ClampNode clamp:
                FloatReference.Clamp(x.Data, clamp.Activation, output.Data);
                break;
            case MaxPoolNode maxPool:
                FloatReference.MaxPool2d(x.Data, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], maxPool.Geometry, output.Data);
                break;
            case AveragePoolNode averagePool:
                FloatReference.AveragePool2d(x.Data, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], averagePool.Geometry, averagePool.CountIncludePad, output.Data);
                break;
            case GlobalAveragePoolNode:
                FloatReference.GlobalAveragePool(x.Data, x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], output.Data);
                break;
            case FlattenNode or ReshapeNode:
                // Row-major data does not move when only the shape changes.
                x.Data.CopyTo(output.Data, 0);
                break;
            case ConcatNode concat:
                Concat(inputs, concat.ResolveAxis(output.Rank), output);
                break;
            default:
                throw new GraphException(node.Name, node.OpType, "the reference executor has no kernel for this op");
        }
    }

    /// <summary>
    /// Row-major concatenation: for each index over the dimensions before <paramref name="axis"/>, each input
    /// contributes one contiguous slab of (its size along the axis) × (product of the dimensions after it).
    /// </summary>
    private static void Concat(DenseTensor<float>[] inputs, int axis, DenseTensor<float> output)
    {
        int outer = 1;
        for (int d = 0; d < axis; d++)
        {
            outer *= output.Shape[d];
        }

        int inner = 1;
        for (int d = axis + 1; d < output.Rank; d++)
        {
            inner *= output.Shape[d];
        }

        int written = 0;
        for (int o = 0; o < outer; o++)
        {
            foreach (var part in inputs)
            {
                int slab = part.Shape[axis] * inner;
                part.Data.AsSpan(o * slab, slab).CopyTo(output.Data.AsSpan(written, slab));
                written += slab;
            }
        }
    }
}
