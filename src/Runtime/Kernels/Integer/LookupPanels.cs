namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// Weight panels of the generated lookup-table kernels, built once at construction from the unpacked weight codes
/// (<see cref="QuadPanels.UnpackCodes"/>): the bytes a kernel uses as table indices, so its inner loop only loads them.
/// </summary>
public static class LookupPanels
{
    /// <summary>
    /// The product-table index bytes of <paramref name="codes"/>: for each code the first i with
    /// <paramref name="levels"/>[i] equal to it (the weight's row in the product table), shifted left by
    /// <paramref name="shift"/> (the activation code fills the low bits at run time). Levels are the codebook, or the
    /// two's-complement values of the layer's widest width (narrower channels' codes are the same values).
    /// </summary>
    /// <exception cref="ArgumentException">A code is not a level, or the spans differ in length.</exception>
    public static void ProductIndices(ReadOnlySpan<sbyte> codes, ReadOnlySpan<int> levels, int shift, Span<sbyte> indices)
    {
        if (indices.Length != codes.Length || levels.Length << shift > 256)
        {
            throw new ArgumentException($"{codes.Length} codes into {indices.Length} indices of {levels.Length} levels << {shift}");
        }

        Span<int> row = stackalloc int[256];
        row.Fill(-1);
        for (int i = levels.Length - 1; i >= 0; i--)
        {
            if (levels[i] is >= -128 and <= 127)
            {
                row[levels[i] + 128] = i;
            }
        }

        for (int k = 0; k < codes.Length; k++)
        {
            int index = row[codes[k] + 128];
            if (index < 0)
            {
                throw new ArgumentException($"weight code {codes[k]} is none of the {levels.Length} levels", nameof(codes));
            }

            indices[k] = unchecked((sbyte)(index << shift));
        }
    }
}
