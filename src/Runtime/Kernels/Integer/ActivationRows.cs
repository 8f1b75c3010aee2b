using System.Numerics;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>Moves activation codes into the int16 operand rows of the generated SIMD kernels.</summary>
public static class ActivationRows
{
    /// <summary>
    /// <c>destination[i] = source[i] − zeroPoint</c> for every i of <paramref name="source"/>, as int16. Taking the
    /// zero point off here (instead of a Σw correction later) keeps every accumulator exactly the reference's sum.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static void WidenSubtract(ReadOnlySpan<byte> source, int zeroPoint, Span<short> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} values, the source {source.Length}", nameof(destination));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            var zero = new Vector<short>((short)zeroPoint);
            int last = source.Length - Vector<byte>.Count;
            for (; i <= last; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(source.Slice(i)), out var low, out var high);
                (Vector.AsVectorInt16(low) - zero).CopyTo(destination.Slice(i));
                (Vector.AsVectorInt16(high) - zero).CopyTo(destination.Slice(i + Vector<short>.Count));
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (short)(source[i] - zeroPoint);
        }
    }
}
