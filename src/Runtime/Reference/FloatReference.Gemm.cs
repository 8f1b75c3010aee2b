using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Reference;

public static partial class FloatReference
{
    /// <summary>
    /// Fully connected layer, y = x·Wᵀ + b: <c>output[r, o] = act(bias[o] + Σ_k input[r, k] · weight[o, k])</c>.
    /// </summary>
    /// <remarks>
    /// <para><paramref name="input"/>: [rows, inFeatures].</para>
    /// <para><paramref name="weight"/>: [outFeatures, inFeatures] (PyTorch Linear layout).</para>
    /// <para><paramref name="bias"/>: [outFeatures], or empty for no bias.</para>
    /// <para><paramref name="output"/>: [rows, outFeatures].</para>
    /// </remarks>
    /// <exception cref="ArgumentException">A dimension is not positive or a span length does not match the shapes.</exception>
    public static void Gemm(
        ReadOnlySpan<float> input, int rows, int inFeatures, int outFeatures,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, FusedActivation activation, Span<float> output)
    {
        ArgumentChecks.Positive(rows, nameof(rows));
        ArgumentChecks.Positive(inFeatures, nameof(inFeatures));
        ArgumentChecks.Positive(outFeatures, nameof(outFeatures));
        ArgumentChecks.Length(input.Length, (long)rows * inFeatures, nameof(input));
        ArgumentChecks.Length(weight.Length, (long)outFeatures * inFeatures, nameof(weight));
        if (!bias.IsEmpty)
        {
            ArgumentChecks.Length(bias.Length, outFeatures, nameof(bias));
        }

        ArgumentChecks.Length(output.Length, (long)rows * outFeatures, nameof(output));

        for (int r = 0; r < rows; r++)
        {
            var x = input.Slice(r * inFeatures, inFeatures);
            for (int o = 0; o < outFeatures; o++)
            {
                var w = weight.Slice(o * inFeatures, inFeatures);
                double sum = bias.IsEmpty ? 0 : bias[o];
                for (int k = 0; k < inFeatures; k++)
                {
                    sum += (double)x[k] * w[k];
                }

                output[r * outFeatures + o] = activation.Apply((float)sum);
            }
        }
    }
}
