namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Concatenation along an axis, seen as [outer, axisLength·inner]: for each outer index the inputs'
/// contiguous chunks (their axis length × inner) are copied one after another.
/// </summary>
internal static unsafe class Concat
{
    /// <summary>Copies outer indices [outerBegin, outerEnd). <paramref name="chunks"/>[i] = input i's axis length × inner.</summary>
    public static void Run(ReadOnlySpan<nint> inputs, ReadOnlySpan<int> chunks, float* output, int outerBegin, int outerEnd)
    {
        int outChunk = 0;
        foreach (int chunk in chunks)
        {
            outChunk += chunk;
        }

        for (int outer = outerBegin; outer < outerEnd; outer++)
        {
            float* dst = output + (nint)outer * outChunk;
            for (int i = 0; i < inputs.Length; i++)
            {
                var src = new ReadOnlySpan<float>((float*)inputs[i] + (nint)outer * chunks[i], chunks[i]);
                src.CopyTo(new Span<float>(dst, chunks[i]));
                dst += chunks[i];
            }
        }
    }
}
