using System.Numerics.Tensors;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>Element-wise ops over a range [begin, end) of flat tensors, vectorized by TensorPrimitives.</summary>
internal static unsafe class Elementwise
{
    /// <summary>output[i] = activation(left[i] + right[i]). The output may alias either input.</summary>
    public static void AddClamp(float* left, float* right, float* output, int begin, int end, FusedActivation activation)
    {
        var dst = new Span<float>(output + begin, end - begin);
        TensorPrimitives.Add(new ReadOnlySpan<float>(left + begin, end - begin), new ReadOnlySpan<float>(right + begin, end - begin), dst);
        Clamp(dst, dst, activation);
    }

    /// <summary>output[i] = activation(input[i]), NaN passing through (TensorPrimitives.Max/Min propagate NaN).</summary>
    public static void Clamp(float* input, float* output, int begin, int end, FusedActivation activation) =>
        Clamp(new ReadOnlySpan<float>(input + begin, end - begin), new Span<float>(output + begin, end - begin), activation);

    private static void Clamp(ReadOnlySpan<float> input, Span<float> output, FusedActivation activation)
    {
        if (activation.IsNone)
        {
            input.CopyTo(output);
            return;
        }

        ReadOnlySpan<float> source = input;
        if (!float.IsNegativeInfinity(activation.Min))
        {
            TensorPrimitives.Max(source, activation.Min, output);
            source = output;
        }

        if (!float.IsPositiveInfinity(activation.Max))
        {
            TensorPrimitives.Min(source, activation.Max, output);
        }
        else if (source != output)
        {
            source.CopyTo(output);
        }
    }
}
