namespace Specialized.Runtime.Graph;

/// <summary>
/// Element-wise sum of two tensors of the same shape (the residual add of a ResNet block), then
/// <see cref="Activation"/>. Broadcasting is not supported: PyTorch CNN exports do not need it.
/// </summary>
public sealed class AddNode : Node
{
    public AddNode(string name, string left, string right, string output, FusedActivation activation)
        : base(name, [left, right], output)
    {
        Activation = activation;
    }

    public override string OpType => "Add";

    public FusedActivation Activation { get; }

    public AddNode WithActivation(FusedActivation activation) => new(Name, Inputs[0], Inputs[1], Output, activation);

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (!inputShapes[0].AsSpan().SequenceEqual(inputShapes[1]))
        {
            throw Error($"operand shapes differ: {ShapeText.Format(inputShapes[0])} and {ShapeText.Format(inputShapes[1])} (broadcasting is not supported)");
        }

        return (int[])inputShapes[0].Clone();
    }
}
