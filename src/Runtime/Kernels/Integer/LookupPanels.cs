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

    /// <summary>Bytes of the bit-plane index panels: per conv group and 64-channel slab, per table step, 2 vectors × <paramref name="lookups"/> × 64.</summary>
    public static int BitPlaneLength(int groups, int outPerGroup, int steps, int lookups) =>
        checked(groups * ((outPerGroup + 63) / 64) * steps * 2 * lookups * 64);

    /// <summary>
    /// The index panels of the bit-plane kernels. <paramref name="codes"/> is [groups·outPerGroup, taps·inPerGroup]
    /// (the reference's K order: tap-major, then input channel); a table step is (tap, run of
    /// <paramref name="groupSize"/> input channels), in that order. Per conv group g, slab s of 64 channels, step t,
    /// vector v (32 channels) and lookup i, 64 bytes at (((g·S + s)·T + t)·2 + v)·L + i (times 64):
    /// <list type="bullet">
    /// <item>bytes (<paramref name="words"/> false): byte 2c + e holds, in bit k, bit 2i + e of the two's-complement
    /// code of channel 64s + 32v + c at the step's k-th input channel (planes past a code's width repeat its sign bit,
    /// which is its value in the wider width);</item>
    /// <item>words: byte 2c holds bit i of the codes (with <paramref name="signed"/>, binary codes: 1 for +1), byte
    /// 2c + 1 zero.</item>
    /// </list>
    /// Channels and input positions that do not exist have no bits set, so they read only table entries that leave
    /// their codes out.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not have the lengths the geometry implies.</exception>
    public static void PackBitPlanes(
        ReadOnlySpan<sbyte> codes, int groups, int outPerGroup, int inPerGroup, int taps, int groupSize, int lookups, bool words, bool signed, Span<sbyte> panels)
    {
        int runs = (inPerGroup + groupSize - 1) / groupSize;
        int steps = taps * runs;
        int k = taps * inPerGroup;
        int slabs = (outPerGroup + 63) / 64;
        if (codes.Length != groups * outPerGroup * k || panels.Length < BitPlaneLength(groups, outPerGroup, steps, lookups))
        {
            throw new ArgumentException($"codes ({codes.Length}) or panels ({panels.Length}) do not match {groups} group(s) × {outPerGroup} channels × {taps} taps × {inPerGroup}");
        }

        panels.Clear();
        for (int g = 0; g < groups; g++)
        {
            for (int o = 0; o < outPerGroup; o++)
            {
                var row = codes.Slice((g * outPerGroup + o) * k, k);
                int s = o / 64;
                int v = o % 64 / 32;
                int c = o % 32;
                for (int t = 0; t < steps; t++)
                {
                    int tap = t / runs;
                    int first = t % runs * groupSize;
                    for (int i = 0; i < lookups; i++)
                    {
                        int at = (((((g * slabs) + s) * steps + t) * 2 + v) * lookups + i) * 64 + 2 * c;
                        for (int e = 0; e < (words ? 1 : 2); e++)
                        {
                            int plane = words ? i : 2 * i + e;
                            int bits = 0;
                            for (int j = 0; j < groupSize && first + j < inPerGroup; j++)
                            {
                                int code = row[tap * inPerGroup + first + j];
                                int bit = signed ? (code > 0 ? 1 : 0) : (code >> Math.Min(plane, 7)) & 1;
                                bits |= bit << j;
                            }

                            panels[at + e] = (sbyte)bits;
                        }
                    }
                }
            }
        }
    }
}
