using System.Numerics;

namespace Specialized.Runtime.Tests.Quantization;

/// <summary>
/// The test oracle for requantization: round(acc · scale), half away from zero, computed exactly in BigInteger
/// arithmetic from the IEEE bits of the double scale (no floating-point step at all), then saturated to int32.
/// </summary>
internal static class ExactRounding
{
    public static long RoundHalfAwayFromZero(int acc, double scale)
    {
        long bits = BitConverter.DoubleToInt64Bits(scale);
        int biasedExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & ((1L << 52) - 1);
        if (scale <= 0 || biasedExponent == 0x7FF)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), "oracle handles positive finite scales only");
        }

        // scale = mantissa · 2^exponent exactly (subnormals have no implicit leading bit).
        BigInteger mantissa = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        BigInteger product = acc * mantissa;
        if (exponent >= 0)
        {
            return Saturate(product << exponent);
        }

        BigInteger magnitude = BigInteger.Abs(product);
        BigInteger divisor = BigInteger.One << -exponent;
        BigInteger quotient = BigInteger.DivRem(magnitude, divisor, out BigInteger remainder);
        if (remainder * 2 >= divisor)
        {
            quotient += 1;
        }

        return Saturate(product.Sign < 0 ? -quotient : quotient);
    }

    private static long Saturate(BigInteger value) =>
        value > int.MaxValue ? int.MaxValue : value < int.MinValue ? int.MinValue : (long)value;
}
