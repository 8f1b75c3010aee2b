using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

public static partial class FloatReference
{
    /// <summary>
    /// Element-wise sum of two same-shape tensors (the residual add): <c>output[i] = act(left[i] + right[i])</c>,
    /// the sum computed in float (one correctly rounded addition). No broadcasting.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="left"/>, <paramref name="right"/> and
    /// <paramref name="output"/> differ in length.</exception>
    public static void Add(ReadOnlySpan<float> left, ReadOnlySpan<float> right, FusedActivation activation, Span<float> output)
    {
        ArgumentChecks.Length(right.Length, left.Length, nameof(right));
        ArgumentChecks.Length(output.Length, left.Length, nameof(output));
        for (int i = 0; i < left.Length; i++)
        {
            output[i] = activation.Apply(left[i] + right[i]);
        }
    }

    /// <summary>
    /// <c>output[i] = activation.Apply(input[i])</c>: ReLU, ReLU6 and Clip are all clamps. NaN passes through.
    /// <paramref name="input"/> and <paramref name="output"/> may be the same memory.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Clamp(ReadOnlySpan<float> input, FusedActivation activation, Span<float> output)
    {
        ArgumentChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = activation.Apply(input[i]);
        }
    }
}
