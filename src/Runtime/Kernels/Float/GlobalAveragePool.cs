using System.Numerics.Tensors;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>Mean of each H×W plane: output[plane] = Σ plane / (H·W).</summary>
internal static unsafe class GlobalAveragePool
{
    public static void Run(float* input, int planeSize, float* output, int planeBegin, int planeEnd)
    {
        float scale = 1f / planeSize;
        for (int plane = planeBegin; plane < planeEnd; plane++)
        {
            output[plane] = TensorPrimitives.Sum(new ReadOnlySpan<float>(input + (nint)plane * planeSize, planeSize)) * scale;
        }
    }
}
