namespace Specialized.Runtime.Graph;

/// <summary>
/// An imported model: one float32 NCHW input, nodes in topological order, one or more outputs.
/// Immutable; transformations (quantizing a layer's weights, say) build a new graph with <see cref="WithNodes"/>.
/// </summary>
public sealed class ModelGraph
{
    /// <param name="name">Model name: the ONNX file stem (PyTorch names every graph "torch_jit"), else the graph name.</param>
    /// <param name="inputName">Name of the graph input tensor.</param>
    /// <param name="inputShape">Declared input shape; a dynamic dimension (usually the batch) is -1.</param>
    /// <param name="nodes">Nodes in topological order: each reads only the input or earlier outputs.</param>
    /// <param name="outputNames">Tensors the model returns, in ONNX order.</param>
    public ModelGraph(string name, string inputName, IReadOnlyList<int> inputShape, IReadOnlyList<Node> nodes, IReadOnlyList<string> outputNames)
    {
        Name = name;
        InputName = inputName;
        InputShape = inputShape.ToArray();
        Nodes = nodes.ToArray();
        OutputNames = outputNames.ToArray();
        ValidateTopology();
    }

    public string Name { get; }

    public string InputName { get; }

    public IReadOnlyList<int> InputShape { get; }

    public IReadOnlyList<Node> Nodes { get; }

    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>A graph with the same input and outputs and other nodes (which must keep the topology valid).</summary>
    public ModelGraph WithNodes(IReadOnlyList<Node> nodes) => new(Name, InputName, InputShape, nodes, OutputNames);

    /// <summary>The input shape for a batch of <paramref name="batch"/>, checking every fixed dimension.</summary>
    public int[] InputShapeForBatch(int batch)
    {
        var shape = InputShape.ToArray();
        if (shape.Length > 0 && shape[0] <= 0)
        {
            shape[0] = batch;
        }

        return shape;
    }

    /// <summary>
    /// Shapes of every tensor for the given input shape. Throws <see cref="GraphException"/> when the input does
    /// not match the declared shape or any node rejects its inputs.
    /// </summary>
    public Dictionary<string, int[]> InferShapes(IReadOnlyList<int> inputShape)
    {
        if (inputShape.Count != InputShape.Count)
        {
            throw new GraphException(InputName, "Input", $"input has shape {ShapeText.Format(inputShape)}, the model expects rank {InputShape.Count} {ShapeText.Format(InputShape)}");
        }

        for (int i = 0; i < inputShape.Count; i++)
        {
            if (inputShape[i] <= 0 || (InputShape[i] > 0 && InputShape[i] != inputShape[i]))
            {
                throw new GraphException(InputName, "Input", $"input has shape {ShapeText.Format(inputShape)}, the model expects {ShapeText.Format(InputShape)} (-1 = any)");
            }
        }

        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal) { [InputName] = inputShape.ToArray() };
        foreach (var node in Nodes)
        {
            var inputs = node.Inputs.Select(name => shapes[name]).ToArray();
            shapes[node.Output] = node.InferShape(inputs);
        }

        return shapes;
    }

    private void ValidateTopology()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { InputName };
        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (!known.Contains(input))
                {
                    throw new GraphException(node.Name, node.OpType, $"reads tensor '{input}', which no earlier node produces");
                }
            }

            if (!known.Add(node.Output))
            {
                throw new GraphException(node.Name, node.OpType, $"writes tensor '{node.Output}', which already exists");
            }
        }

        foreach (var output in OutputNames)
        {
            if (!known.Contains(output))
            {
                throw new GraphException(output, "Output", $"graph output '{output}' is never produced");
            }
        }
    }
}
