namespace Specialized.Runtime.Graph;

/// <summary>Concatenation along <see cref="Axis"/> (negative counts from the end); all other dimensions must match.</summary>
public sealed class ConcatNode(string name, IReadOnlyList<string> inputs, string output, int axis) : Node(name, inputs, output)
{
    public override string OpType => "Concat";

    public int Axis { get; } = axis;

    /// <summary>The axis resolved against a rank.</summary>
    public int ResolveAxis(int rank) => Axis < 0 ? Axis + rank : Axis;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] first = inputShapes[0];
        int axis = ResolveAxis(first.Length);
        if (axis < 0 || axis >= first.Length)
        {
            throw Error($"axis {Axis} is out of range for rank {first.Length}");
        }

        int[] result = (int[])first.Clone();
        for (int i = 1; i < inputShapes.Count; i++)
        {
            int[] other = inputShapes[i];
            if (other.Length != first.Length)
            {
                throw Error($"input {i} has rank {other.Length}, input 0 has rank {first.Length}");
            }

            for (int d = 0; d < first.Length; d++)
            {
                if (d != axis && other[d] != first[d])
                {
                    throw Error($"input {i} {ShapeText.Format(other)} does not match input 0 {ShapeText.Format(first)} outside axis {axis}");
                }
            }

            result[axis] = checked(result[axis] + other[axis]);
        }

        return result;
    }
}
