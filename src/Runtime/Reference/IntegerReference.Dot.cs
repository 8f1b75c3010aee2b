using System.Numerics;

namespace Specialized.Runtime.Reference;

public static partial class IntegerReference
{
    /// <summary>Vector steps between two folds of the int32 lanes into the long sum (see <see cref="CenteredDot"/>).</summary>
    private const int StepsPerFold = 256;

    /// <summary>
    /// <c>Σ (x[i] − zeroPoint) · w[i]</c>, exactly: the one inner product of the conv and gemm references.
    /// </summary>
    /// <remarks>
    /// Integer sums do not depend on their order, so vectorizing changes nothing but speed (the allocator evaluates
    /// whole test sets with this executor). Every product fits int16: |x − z| ≤ 255 and |w| ≤ 128 give at most
    /// 32,640. Products are widened into int32 lanes, each taking 4 per vector step, so after
    /// <see cref="StepsPerFold"/> steps a lane holds at most 256·4·32,640 ≈ 3.3·10⁷ and all lanes together (at most
    /// 16) ≈ 5.3·10⁸ &lt; 2³¹: folded into the long sum then, nothing can wrap.
    /// </remarks>
    internal static long CenteredDot(ReadOnlySpan<byte> x, int zeroPoint, ReadOnlySpan<sbyte> w)
    {
        long sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var z = new Vector<short>((short)zeroPoint);
            var lanes = Vector<int>.Zero;
            int steps = 0;
            for (; i <= x.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(x[i..]), out var xLow, out var xHigh);
                Vector.Widen(new Vector<sbyte>(w[i..]), out var wLow, out var wHigh);
                Vector.Widen((Vector.AsVectorInt16(xLow) - z) * wLow, out var p0, out var p1);
                Vector.Widen((Vector.AsVectorInt16(xHigh) - z) * wHigh, out var p2, out var p3);
                lanes += (p0 + p1) + (p2 + p3);
                if (++steps == StepsPerFold)
                {
                    sum += Vector.Sum(lanes);
                    lanes = Vector<int>.Zero;
                    steps = 0;
                }
            }

            sum += Vector.Sum(lanes);
        }

        for (; i < x.Length; i++)
        {
            sum += (x[i] - zeroPoint) * w[i];
        }

        return sum;
    }
}
