using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The input step of the generated models: NCHW floats → NHWC activation codes, exactly
/// <see cref="ActivationQuantization.Quantize(float)"/> per value (the quotient in double, rounded half to even, plus
/// the zero point, clamped; NaN → zero point), 16 pixels per step on Avx512F and a scalar tail.
/// </summary>
/// <remarks>
/// Why exact: float → double is exact, vdivpd is the IEEE division the scalar code does, vrndscalepd with
/// round-to-nearest-even is <c>Math.Round(…, ToEven)</c>, adding the integer zero point to an integral double is
/// exact below 2^53 (beyond it both sides clamp to the same end), and min/max then truncation of an integral value
/// in [0, 255] is exact. NaN lanes are replaced by the zero point last, whatever min/max made of them.
/// Why the interleave: images have 1–4 channels, and writing NHWC codes one byte at a time took 0.18 ms of a
/// 224×224×3 input (3–5 % of a 2-thread ResNet-18 pass); one vpermb puts 16 pixels of up to 4 planes in NHWC order.
/// </remarks>
public static class InputCodes
{
    /// <summary>vpermb indices per channel count 1–4: output byte j (pixel j / C, channel j % C) ← plane j % C, lane j / C.</summary>
    private static readonly byte[][] Interleave = [.. Enumerable.Range(0, 5).Select(InterleaveIndex)];

    /// <summary>
    /// Quantizes pixels [<paramref name="firstPixel"/>, +<paramref name="pixelCount"/>) of <paramref name="input"/>
    /// ([channels, area] floats) into <paramref name="codes"/> ([area, channels] bytes). Workers take disjoint pixel
    /// ranges, so each writes one contiguous run of codes.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not hold channels × area values, or the pixels lie outside them.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per run: no tier-0 runs in a benchmark's few passes
    public static void Quantize(ReadOnlySpan<float> input, int channels, int area, ActivationQuantization quantization, Span<byte> codes, int firstPixel, int pixelCount)
    {
        if (channels < 1 || input.Length != (long)channels * area || codes.Length != input.Length || firstPixel < 0 || pixelCount < 0 || firstPixel + pixelCount > area)
        {
            throw new ArgumentException($"{input.Length} floats into {codes.Length} codes as {channels} × {area}, pixels {firstPixel}+{pixelCount}, do not fit");
        }

        ref float x = ref MemoryMarshal.GetReference(input);
        ref byte y = ref MemoryMarshal.GetReference(codes);
        int p = firstPixel;
        int end = firstPixel + pixelCount;
        if (Avx512Vbmi.IsSupported && channels <= 4)
        {
            var constants = new Constants(quantization);
            var index = Vector512.Create<byte>(Interleave[channels]);
            for (; p + 16 <= end; p += 16)
            {
                var planes = Vector512.Create(
                    Vector256.Create(Codes(ref Unsafe.Add(ref x, p), constants), channels > 1 ? Codes(ref Unsafe.Add(ref x, area + p), constants) : default),
                    channels > 2 ? Vector256.Create(Codes(ref Unsafe.Add(ref x, 2 * area + p), constants), channels > 3 ? Codes(ref Unsafe.Add(ref x, 3 * area + p), constants) : default) : default);
                StorePrefix(Avx512Vbmi.PermuteVar64x8(planes, index), 16 * channels, ref Unsafe.Add(ref y, p * channels));
            }
        }
        else if (Avx512F.IsSupported)
        {
            var constants = new Constants(quantization);
            for (; p + 16 <= end; p += 16)
            {
                for (int c = 0; c < channels; c++)
                {
                    var bytes = Codes(ref Unsafe.Add(ref x, c * area + p), constants);
                    for (int i = 0; i < 16; i++)
                    {
                        Unsafe.Add(ref y, (p + i) * channels + c) = bytes.GetElement(i);
                    }
                }
            }
        }

        for (; p < end; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                Unsafe.Add(ref y, p * channels + c) = (byte)quantization.Quantize(Unsafe.Add(ref x, c * area + p));
            }
        }
    }

    private static byte[] InterleaveIndex(int channels)
    {
        var index = new byte[64];
        for (int j = 0; channels > 0 && j < 16 * channels; j++)
        {
            index[j] = (byte)(j % channels * 16 + j / channels);
        }

        return index;
    }

    /// <summary>Stores the first <paramref name="bytes"/> (16, 32, 48 or 64) bytes of <paramref name="value"/>, nothing past them (another worker may own the next pixels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePrefix(Vector512<byte> value, int bytes, ref byte destination)
    {
        if (bytes == 64)
        {
            value.StoreUnsafe(ref destination);
            return;
        }

        if (bytes >= 32)
        {
            value.GetLower().StoreUnsafe(ref destination);
        }

        if (bytes % 32 == 16)
        {
            (bytes == 16 ? value.GetLower().GetLower() : value.GetUpper().GetLower()).StoreUnsafe(ref destination, (nuint)(bytes - 16));
        }
    }

    /// <summary>Codes of the 16 values at <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Codes(ref float x, in Constants k)
    {
        var values = Vector512.LoadUnsafe(ref x);
        var low = Code(Vector512.WidenLower(values), k);
        var high = Code(Vector512.WidenUpper(values), k);
        var ints = Vector512.Create(Avx512F.ConvertToVector256Int32WithTruncation(low), Avx512F.ConvertToVector256Int32WithTruncation(high));
        ints = Vector512.ConditionalSelect(Vector512.Equals(values, values).AsInt32(), ints, k.ZeroPointCode);
        return Avx512F.ConvertToVector128Byte(ints);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Code(Vector512<double> values, in Constants k) =>
        Vector512.Min(Vector512.Max(k.ZeroPoint + Vector512.Round(values / k.Scale), Vector512<double>.Zero), k.QMax);

    /// <summary>The quantization's parameters broadcast once per call.</summary>
    private readonly struct Constants(ActivationQuantization q)
    {
        public readonly Vector512<double> Scale = Vector512.Create((double)q.Scale);
        public readonly Vector512<double> ZeroPoint = Vector512.Create((double)q.ZeroPoint);
        public readonly Vector512<double> QMax = Vector512.Create((double)q.QMax);
        public readonly Vector512<int> ZeroPointCode = Vector512.Create(q.ZeroPoint);
    }
}
