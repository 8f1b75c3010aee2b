namespace Specialized.Runtime.Graph;

/// <summary>Mean over H and W: [N, C, H, W] → [N, C, 1, 1].</summary>
public sealed class GlobalAveragePoolNode(string name, string input, string output) : Node(name, [input], output)
{
    public override string OpType => "GlobalAveragePool";

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = RequireRank(inputShapes[0], 4, "input");
        return [x[0], x[1], 1, 1];
    }
}
