namespace Specialized.Runtime.Graph;

/// <summary>
/// ONNX Reshape with a constant target: 0 copies the input dimension at that position, -1 is inferred
/// (at most one). Data is unchanged. The batch dimension usually arrives as 0 or -1, so one model serves any batch.
/// </summary>
public sealed class ReshapeNode(string name, string input, string output, IReadOnlyList<long> target) : Node(name, [input], output)
{
    public override string OpType => "Reshape";

    public IReadOnlyList<long> Target { get; } = target;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] x = inputShapes[0];
        long total = ShapeText.ElementCount(x);
        var shape = new int[Target.Count];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long dim = Target[i];
            if (dim == -1)
            {
                if (inferred >= 0)
                {
                    throw Error("target shape has more than one -1");
                }

                inferred = i;
                continue;
            }

            if (dim == 0)
            {
                if (i >= x.Length)
                {
                    throw Error($"target dimension {i} is 0 (copy) but the input {ShapeText.Format(x)} has no such dimension");
                }

                dim = x[i];
            }

            if (dim < 0 || dim > int.MaxValue)
            {
                throw Error($"target dimension {Target[i]} is invalid");
            }

            shape[i] = (int)dim;
            known *= dim;
        }

        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0)
            {
                throw Error($"cannot reshape {ShapeText.Format(x)} to [{string.Join(", ", Target)}]");
            }

            shape[inferred] = (int)(total / known);
        }
        else if (known != total)
        {
            throw Error($"cannot reshape {ShapeText.Format(x)} ({total} values) to [{string.Join(", ", Target)}] ({known} values)");
        }

        return shape;
    }
}
