namespace Specialized.Runtime.Graph;

/// <summary>Shared shape logic of MaxPool and AveragePool on NCHW input.</summary>
public abstract class Pool2dNode : Node
{
    protected Pool2dNode(string name, string input, string output, Pool2dGeometry geometry)
        : base(name, [input], output)
    {
        Geometry = geometry;
    }

    public Pool2dGeometry Geometry { get; }

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = RequireRank(inputShapes[0], 4, "input");
        int outH = Geometry.OutputHeight(x[2]);
        int outW = Geometry.OutputWidth(x[3]);
        if (outH <= 0 || outW <= 0)
        {
            throw Error($"input {ShapeText.Format(x)} is too small for a {Geometry.KernelH}×{Geometry.KernelW} window");
        }

        return [x[0], x[1], outH, outW];
    }
}

/// <summary>Max over each window; padding never wins (it counts as -inf).</summary>
public sealed class MaxPoolNode(string name, string input, string output, Pool2dGeometry geometry)
    : Pool2dNode(name, input, output, geometry)
{
    public override string OpType => "MaxPool";
}

/// <summary>
/// Mean over each window. With <see cref="CountIncludePad"/> the divisor counts padded positions inside the
/// padded input, but never the part of a ceil-mode window that hangs past the padding (PyTorch semantics).
/// </summary>
public sealed class AveragePoolNode(string name, string input, string output, Pool2dGeometry geometry, bool countIncludePad)
    : Pool2dNode(name, input, output, geometry)
{
    public override string OpType => "AveragePool";

    public bool CountIncludePad { get; } = countIncludePad;
}
