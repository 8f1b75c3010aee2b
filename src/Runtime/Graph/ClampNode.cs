namespace Specialized.Runtime.Graph;

/// <summary>A ReLU or Clip that could not be fused into the op before it (e.g. the producer has other readers).</summary>
public sealed class ClampNode : Node
{
    public ClampNode(string name, string input, string output, FusedActivation activation)
        : base(name, [input], output)
    {
        Activation = activation;
    }

    public override string OpType => "Clamp";

    public FusedActivation Activation { get; }

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) => (int[])inputShapes[0].Clone();
}
