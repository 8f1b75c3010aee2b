namespace Specialized.Runtime.Graph;

/// <summary>Formats and measures tensor shapes.</summary>
public static class ShapeText
{
    public static string Format(IReadOnlyList<int> shape) => "[" + string.Join("×", shape) + "]";

    /// <summary>Number of elements; throws on a negative dimension or on overflow past int.MaxValue.</summary>
    public static int ElementCount(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"shape {Format(shape)} has a negative dimension");
            }

            count *= dim;
            if (count > int.MaxValue)
            {
                throw new ArgumentException($"shape {Format(shape)} has more than {int.MaxValue} elements");
            }
        }

        return (int)count;
    }
}
