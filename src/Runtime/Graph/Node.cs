namespace Specialized.Runtime.Graph;

/// <summary>
/// One operation of an imported model. Every node produces exactly one tensor, named <see cref="Output"/>;
/// <see cref="Inputs"/> names the tensors it reads (graph input or other nodes' outputs). Constant operands
/// (weights, biases, reshape targets) are stored on the node itself, already in the layout its kernels use.
/// </summary>
public abstract class Node
{
    protected Node(string name, IReadOnlyList<string> inputs, string output)
    {
        Name = name;
        Inputs = inputs;
        Output = output;
    }

    /// <summary>The ONNX node name (or a generated one when the export left it empty).</summary>
    public string Name { get; }

    public IReadOnlyList<string> Inputs { get; }

    public string Output { get; }

    /// <summary>A short op name for messages and reports, e.g. "Conv".</summary>
    public abstract string OpType { get; }

    /// <summary>
    /// The output shape for the given input shapes (same order as <see cref="Inputs"/>), or a
    /// <see cref="GraphException"/> naming this node when they do not fit.
    /// </summary>
    public abstract int[] InferShape(IReadOnlyList<int[]> inputShapes);

    protected GraphException Error(string problem) => new(Name, OpType, problem);

    protected int[] RequireRank(int[] shape, int rank, string what)
    {
        if (shape.Length != rank)
        {
            throw Error($"{what} must have rank {rank} but has shape {ShapeText.Format(shape)}");
        }

        return shape;
    }
}
