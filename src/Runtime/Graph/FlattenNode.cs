namespace Specialized.Runtime.Graph;

/// <summary>ONNX Flatten: dimensions before <see cref="Axis"/> become rows, the rest columns. Data is unchanged.</summary>
public sealed class FlattenNode(string name, string input, string output, int axis) : Node(name, [input], output)
{
    public override string OpType => "Flatten";

    /// <summary>Non-negative axis as written in the model (a negative ONNX axis is resolved against the input rank at shape time).</summary>
    public int Axis { get; } = axis;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = inputShapes[0];
        int axis = Axis < 0 ? Axis + x.Length : Axis;
        if (axis < 0 || axis > x.Length)
        {
            throw Error($"axis {Axis} is out of range for input {ShapeText.Format(x)}");
        }

        long rows = 1, cols = 1;
        for (int i = 0; i < axis; i++)
        {
            rows *= x[i];
        }

        for (int i = axis; i < x.Length; i++)
        {
            cols *= x[i];
        }

        return [checked((int)rows), checked((int)cols)];
    }
}
