using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The input step of the generated models: NCHW floats → NHWC activation codes, exactly
/// <see cref="ActivationQuantization.Quantize(float)"/> per value (the quotient in double, rounded half to even, plus
/// the zero point, clamped; NaN → zero point), 16 values per step on Avx512F and a scalar tail.
/// </summary>
/// <remarks>
/// Why exact: float → double is exact, vdivpd is the IEEE division the scalar code does, vrndscalepd with
/// round-to-nearest-even is <c>Math.Round(…, ToEven)</c>, adding the integer zero point to an integral double is
/// exact below 2^53 (beyond it both sides clamp to the same end), and min/max then truncation of an integral value
/// in [0, 255] is exact. NaN lanes are replaced by the zero point last, whatever min/max made of them.
/// </remarks>
public static class InputCodes
{
    /// <summary>
    /// Quantizes planes [<paramref name="firstChannel"/>, +<paramref name="channelCount"/>) of <paramref name="input"/>
    /// ([channels, area] floats) into <paramref name="codes"/> ([area, channels] bytes). Workers take disjoint planes.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not hold channels × area values, or the planes lie outside them.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per layer and run: no tier-0 runs in a benchmark's few passes
    public static void Quantize(ReadOnlySpan<float> input, int channels, int area, ActivationQuantization quantization, Span<byte> codes, int firstChannel, int channelCount)
    {
        if (input.Length != (long)channels * area || codes.Length != input.Length || firstChannel < 0 || channelCount < 0 || firstChannel + channelCount > channels)
        {
            throw new ArgumentException($"{input.Length} floats into {codes.Length} codes as {channels} × {area}, planes {firstChannel}+{channelCount}, do not fit");
        }

        for (int c = firstChannel; c < firstChannel + channelCount; c++)
        {
            Plane(input.Slice(c * area, area), quantization, ref Unsafe.Add(ref MemoryMarshal.GetReference(codes), c), channels);
        }
    }

    /// <summary>One plane: code of value p goes to <c>codes[p · stride]</c>.</summary>
    private static void Plane(ReadOnlySpan<float> plane, ActivationQuantization quantization, ref byte codes, int stride)
    {
        ref float x = ref MemoryMarshal.GetReference(plane);
        int p = 0;
        if (Avx512F.IsSupported)
        {
            var scale = Vector512.Create((double)quantization.Scale);
            var zeroPoint = Vector512.Create((double)quantization.ZeroPoint);
            var qMax = Vector512.Create((double)quantization.QMax);
            var zeroPointCodes = Vector512.Create(quantization.ZeroPoint);
            for (; p + 16 <= plane.Length; p += 16)
            {
                var values = Vector512.LoadUnsafe(ref x, (nuint)p);
                var low = Code(Vector512.WidenLower(values), scale, zeroPoint, qMax);
                var high = Code(Vector512.WidenUpper(values), scale, zeroPoint, qMax);
                var ints = Vector512.Create(Avx512F.ConvertToVector256Int32WithTruncation(low), Avx512F.ConvertToVector256Int32WithTruncation(high));
                ints = Vector512.ConditionalSelect(Vector512.Equals(values, values).AsInt32(), ints, zeroPointCodes);
                var bytes = Avx512F.ConvertToVector128Byte(ints);
                if (stride == 1)
                {
                    bytes.StoreUnsafe(ref codes, (nuint)p);
                    continue;
                }

                for (int i = 0; i < 16; i++)
                {
                    Unsafe.Add(ref codes, (p + i) * stride) = bytes.GetElement(i);
                }
            }
        }

        for (; p < plane.Length; p++)
        {
            Unsafe.Add(ref codes, p * stride) = (byte)quantization.Quantize(Unsafe.Add(ref x, p));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Code(Vector512<double> values, Vector512<double> scale, Vector512<double> zeroPoint, Vector512<double> qMax) =>
        Vector512.Min(Vector512.Max(zeroPoint + Vector512.Round(values / scale), Vector512<double>.Zero), qMax);
}
