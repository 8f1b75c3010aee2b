using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tensors;

/// <summary>
/// A shape and a contiguous C-order (row-major) buffer: the exchange type between readers, executors and the CLI.
/// Kernels work on spans; this type only carries data across API boundaries.
/// </summary>
public sealed class DenseTensor<T>
    where T : unmanaged
{
    public DenseTensor(IReadOnlyList<int> shape, T[] data)
    {
        int count = ShapeText.ElementCount(shape);
        if (data.Length != count)
        {
            throw new ArgumentException($"shape {ShapeText.Format(shape)} needs {count} values, got {data.Length}", nameof(data));
        }

        Shape = shape.ToArray();
        Data = data;
    }

    /// <summary>A zero-filled tensor.</summary>
    public DenseTensor(IReadOnlyList<int> shape)
        : this(shape, new T[ShapeText.ElementCount(shape)])
    {
    }

    public int[] Shape { get; }

    public T[] Data { get; }

    public int Rank => Shape.Length;

    public int Length => Data.Length;

    public Span<T> Span => Data;

    public override string ToString() => $"{typeof(T).Name}{ShapeText.Format(Shape)}";
}
