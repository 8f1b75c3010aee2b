using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// The <see cref="GemmKernel"/> micro-kernels, fully unrolled over the tile:
/// C[r, j] = clamp(C₀[r, j] + bias[r] + Σ_{p &lt; depth} a[p·MR + r]·b[p·NR + j], min, max), where C₀ is the tile's
/// current content when <c>accumulate</c> is true and 0 otherwise.
/// Accumulators live in registers for the whole depth block. <see cref="Sgemm"/> passes <c>accumulate</c> and a
/// zero bias for every depth block but the first, and an infinite clamp for every depth block but the last, so
/// bias and clamp apply once to the full sum.
/// </summary>
/// <remarks>
/// <c>c</c> is row-major with row stride <c>ldc</c> and unit column stride; the full MR×NR tile is read (when
/// accumulating) and written, so edge tiles go to a scratch tile first (see <see cref="Sgemm"/>). <c>bias</c> must
/// hold MR values. The clamp uses Vector.Max/Min, which propagate NaN like <see cref="Graph.FusedActivation.Apply"/>.
/// </remarks>
internal static unsafe class MicroKernels
{
    /// <summary>16 pinned zeros: the bias of a depth block that must not add one (any kernel's MR fits).</summary>
    internal static readonly float[] ZeroBias = GC.AllocateArray<float>(16, pinned: true);

    /// <summary>8×32 tile, 16 Vector512 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile8x32_V512(int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        if (accumulate)
        {
            c0_0 = Vector512.Load(c + 0 * ldc + 0);
            c0_1 = Vector512.Load(c + 0 * ldc + 16);
            c1_0 = Vector512.Load(c + 1 * ldc + 0);
            c1_1 = Vector512.Load(c + 1 * ldc + 16);
            c2_0 = Vector512.Load(c + 2 * ldc + 0);
            c2_1 = Vector512.Load(c + 2 * ldc + 16);
            c3_0 = Vector512.Load(c + 3 * ldc + 0);
            c3_1 = Vector512.Load(c + 3 * ldc + 16);
            c4_0 = Vector512.Load(c + 4 * ldc + 0);
            c4_1 = Vector512.Load(c + 4 * ldc + 16);
            c5_0 = Vector512.Load(c + 5 * ldc + 0);
            c5_1 = Vector512.Load(c + 5 * ldc + 16);
            c6_0 = Vector512.Load(c + 6 * ldc + 0);
            c6_1 = Vector512.Load(c + 6 * ldc + 16);
            c7_0 = Vector512.Load(c + 7 * ldc + 0);
            c7_1 = Vector512.Load(c + 7 * ldc + 16);
        }

        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            a += 8;
            b += 32;
        }

        var lo = Vector512.Create(min);
        var hi = Vector512.Create(max);
        var bias0 = Vector512.Create(bias[0]);
        Vector512.Min(Vector512.Max(c0_0 + bias0, lo), hi).Store(c + 0 * ldc + 0);
        Vector512.Min(Vector512.Max(c0_1 + bias0, lo), hi).Store(c + 0 * ldc + 16);
        var bias1 = Vector512.Create(bias[1]);
        Vector512.Min(Vector512.Max(c1_0 + bias1, lo), hi).Store(c + 1 * ldc + 0);
        Vector512.Min(Vector512.Max(c1_1 + bias1, lo), hi).Store(c + 1 * ldc + 16);
        var bias2 = Vector512.Create(bias[2]);
        Vector512.Min(Vector512.Max(c2_0 + bias2, lo), hi).Store(c + 2 * ldc + 0);
        Vector512.Min(Vector512.Max(c2_1 + bias2, lo), hi).Store(c + 2 * ldc + 16);
        var bias3 = Vector512.Create(bias[3]);
        Vector512.Min(Vector512.Max(c3_0 + bias3, lo), hi).Store(c + 3 * ldc + 0);
        Vector512.Min(Vector512.Max(c3_1 + bias3, lo), hi).Store(c + 3 * ldc + 16);
        var bias4 = Vector512.Create(bias[4]);
        Vector512.Min(Vector512.Max(c4_0 + bias4, lo), hi).Store(c + 4 * ldc + 0);
        Vector512.Min(Vector512.Max(c4_1 + bias4, lo), hi).Store(c + 4 * ldc + 16);
        var bias5 = Vector512.Create(bias[5]);
        Vector512.Min(Vector512.Max(c5_0 + bias5, lo), hi).Store(c + 5 * ldc + 0);
        Vector512.Min(Vector512.Max(c5_1 + bias5, lo), hi).Store(c + 5 * ldc + 16);
        var bias6 = Vector512.Create(bias[6]);
        Vector512.Min(Vector512.Max(c6_0 + bias6, lo), hi).Store(c + 6 * ldc + 0);
        Vector512.Min(Vector512.Max(c6_1 + bias6, lo), hi).Store(c + 6 * ldc + 16);
        var bias7 = Vector512.Create(bias[7]);
        Vector512.Min(Vector512.Max(c7_0 + bias7, lo), hi).Store(c + 7 * ldc + 0);
        Vector512.Min(Vector512.Max(c7_1 + bias7, lo), hi).Store(c + 7 * ldc + 16);
    }

    /// <summary>7×32 tile, 14 Vector512 accumulators (the pixel-major convolution's kernel: 7 divides every ResNet output size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile7x32_V512(int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        if (accumulate)
        {
            c0_0 = Vector512.Load(c + 0 * ldc + 0);
            c0_1 = Vector512.Load(c + 0 * ldc + 16);
            c1_0 = Vector512.Load(c + 1 * ldc + 0);
            c1_1 = Vector512.Load(c + 1 * ldc + 16);
            c2_0 = Vector512.Load(c + 2 * ldc + 0);
            c2_1 = Vector512.Load(c + 2 * ldc + 16);
            c3_0 = Vector512.Load(c + 3 * ldc + 0);
            c3_1 = Vector512.Load(c + 3 * ldc + 16);
            c4_0 = Vector512.Load(c + 4 * ldc + 0);
            c4_1 = Vector512.Load(c + 4 * ldc + 16);
            c5_0 = Vector512.Load(c + 5 * ldc + 0);
            c5_1 = Vector512.Load(c + 5 * ldc + 16);
            c6_0 = Vector512.Load(c + 6 * ldc + 0);
            c6_1 = Vector512.Load(c + 6 * ldc + 16);
        }

        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            a += 7;
            b += 32;
        }

        var lo = Vector512.Create(min);
        var hi = Vector512.Create(max);
        var bias0 = Vector512.Create(bias[0]);
        Vector512.Min(Vector512.Max(c0_0 + bias0, lo), hi).Store(c + 0 * ldc + 0);
        Vector512.Min(Vector512.Max(c0_1 + bias0, lo), hi).Store(c + 0 * ldc + 16);
        var bias1 = Vector512.Create(bias[1]);
        Vector512.Min(Vector512.Max(c1_0 + bias1, lo), hi).Store(c + 1 * ldc + 0);
        Vector512.Min(Vector512.Max(c1_1 + bias1, lo), hi).Store(c + 1 * ldc + 16);
        var bias2 = Vector512.Create(bias[2]);
        Vector512.Min(Vector512.Max(c2_0 + bias2, lo), hi).Store(c + 2 * ldc + 0);
        Vector512.Min(Vector512.Max(c2_1 + bias2, lo), hi).Store(c + 2 * ldc + 16);
        var bias3 = Vector512.Create(bias[3]);
        Vector512.Min(Vector512.Max(c3_0 + bias3, lo), hi).Store(c + 3 * ldc + 0);
        Vector512.Min(Vector512.Max(c3_1 + bias3, lo), hi).Store(c + 3 * ldc + 16);
        var bias4 = Vector512.Create(bias[4]);
        Vector512.Min(Vector512.Max(c4_0 + bias4, lo), hi).Store(c + 4 * ldc + 0);
        Vector512.Min(Vector512.Max(c4_1 + bias4, lo), hi).Store(c + 4 * ldc + 16);
        var bias5 = Vector512.Create(bias[5]);
        Vector512.Min(Vector512.Max(c5_0 + bias5, lo), hi).Store(c + 5 * ldc + 0);
        Vector512.Min(Vector512.Max(c5_1 + bias5, lo), hi).Store(c + 5 * ldc + 16);
        var bias6 = Vector512.Create(bias[6]);
        Vector512.Min(Vector512.Max(c6_0 + bias6, lo), hi).Store(c + 6 * ldc + 0);
        Vector512.Min(Vector512.Max(c6_1 + bias6, lo), hi).Store(c + 6 * ldc + 16);
    }

    /// <summary>12×32 tile, 24 Vector512 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile12x32_V512(int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        var c0_0 = Vector512<float>.Zero; var c0_1 = Vector512<float>.Zero;
        var c1_0 = Vector512<float>.Zero; var c1_1 = Vector512<float>.Zero;
        var c2_0 = Vector512<float>.Zero; var c2_1 = Vector512<float>.Zero;
        var c3_0 = Vector512<float>.Zero; var c3_1 = Vector512<float>.Zero;
        var c4_0 = Vector512<float>.Zero; var c4_1 = Vector512<float>.Zero;
        var c5_0 = Vector512<float>.Zero; var c5_1 = Vector512<float>.Zero;
        var c6_0 = Vector512<float>.Zero; var c6_1 = Vector512<float>.Zero;
        var c7_0 = Vector512<float>.Zero; var c7_1 = Vector512<float>.Zero;
        var c8_0 = Vector512<float>.Zero; var c8_1 = Vector512<float>.Zero;
        var c9_0 = Vector512<float>.Zero; var c9_1 = Vector512<float>.Zero;
        var c10_0 = Vector512<float>.Zero; var c10_1 = Vector512<float>.Zero;
        var c11_0 = Vector512<float>.Zero; var c11_1 = Vector512<float>.Zero;
        if (accumulate)
        {
            c0_0 = Vector512.Load(c + 0 * ldc + 0);
            c0_1 = Vector512.Load(c + 0 * ldc + 16);
            c1_0 = Vector512.Load(c + 1 * ldc + 0);
            c1_1 = Vector512.Load(c + 1 * ldc + 16);
            c2_0 = Vector512.Load(c + 2 * ldc + 0);
            c2_1 = Vector512.Load(c + 2 * ldc + 16);
            c3_0 = Vector512.Load(c + 3 * ldc + 0);
            c3_1 = Vector512.Load(c + 3 * ldc + 16);
            c4_0 = Vector512.Load(c + 4 * ldc + 0);
            c4_1 = Vector512.Load(c + 4 * ldc + 16);
            c5_0 = Vector512.Load(c + 5 * ldc + 0);
            c5_1 = Vector512.Load(c + 5 * ldc + 16);
            c6_0 = Vector512.Load(c + 6 * ldc + 0);
            c6_1 = Vector512.Load(c + 6 * ldc + 16);
            c7_0 = Vector512.Load(c + 7 * ldc + 0);
            c7_1 = Vector512.Load(c + 7 * ldc + 16);
            c8_0 = Vector512.Load(c + 8 * ldc + 0);
            c8_1 = Vector512.Load(c + 8 * ldc + 16);
            c9_0 = Vector512.Load(c + 9 * ldc + 0);
            c9_1 = Vector512.Load(c + 9 * ldc + 16);
            c10_0 = Vector512.Load(c + 10 * ldc + 0);
            c10_1 = Vector512.Load(c + 10 * ldc + 16);
            c11_0 = Vector512.Load(c + 11 * ldc + 0);
            c11_1 = Vector512.Load(c + 11 * ldc + 16);
        }

        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            var a8 = Vector512.Create(a[8]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            var a9 = Vector512.Create(a[9]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            var a10 = Vector512.Create(a[10]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            var a11 = Vector512.Create(a[11]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a += 12;
            b += 32;
        }

        var lo = Vector512.Create(min);
        var hi = Vector512.Create(max);
        var bias0 = Vector512.Create(bias[0]);
        Vector512.Min(Vector512.Max(c0_0 + bias0, lo), hi).Store(c + 0 * ldc + 0);
        Vector512.Min(Vector512.Max(c0_1 + bias0, lo), hi).Store(c + 0 * ldc + 16);
        var bias1 = Vector512.Create(bias[1]);
        Vector512.Min(Vector512.Max(c1_0 + bias1, lo), hi).Store(c + 1 * ldc + 0);
        Vector512.Min(Vector512.Max(c1_1 + bias1, lo), hi).Store(c + 1 * ldc + 16);
        var bias2 = Vector512.Create(bias[2]);
        Vector512.Min(Vector512.Max(c2_0 + bias2, lo), hi).Store(c + 2 * ldc + 0);
        Vector512.Min(Vector512.Max(c2_1 + bias2, lo), hi).Store(c + 2 * ldc + 16);
        var bias3 = Vector512.Create(bias[3]);
        Vector512.Min(Vector512.Max(c3_0 + bias3, lo), hi).Store(c + 3 * ldc + 0);
        Vector512.Min(Vector512.Max(c3_1 + bias3, lo), hi).Store(c + 3 * ldc + 16);
        var bias4 = Vector512.Create(bias[4]);
        Vector512.Min(Vector512.Max(c4_0 + bias4, lo), hi).Store(c + 4 * ldc + 0);
        Vector512.Min(Vector512.Max(c4_1 + bias4, lo), hi).Store(c + 4 * ldc + 16);
        var bias5 = Vector512.Create(bias[5]);
        Vector512.Min(Vector512.Max(c5_0 + bias5, lo), hi).Store(c + 5 * ldc + 0);
        Vector512.Min(Vector512.Max(c5_1 + bias5, lo), hi).Store(c + 5 * ldc + 16);
        var bias6 = Vector512.Create(bias[6]);
        Vector512.Min(Vector512.Max(c6_0 + bias6, lo), hi).Store(c + 6 * ldc + 0);
        Vector512.Min(Vector512.Max(c6_1 + bias6, lo), hi).Store(c + 6 * ldc + 16);
        var bias7 = Vector512.Create(bias[7]);
        Vector512.Min(Vector512.Max(c7_0 + bias7, lo), hi).Store(c + 7 * ldc + 0);
        Vector512.Min(Vector512.Max(c7_1 + bias7, lo), hi).Store(c + 7 * ldc + 16);
        var bias8 = Vector512.Create(bias[8]);
        Vector512.Min(Vector512.Max(c8_0 + bias8, lo), hi).Store(c + 8 * ldc + 0);
        Vector512.Min(Vector512.Max(c8_1 + bias8, lo), hi).Store(c + 8 * ldc + 16);
        var bias9 = Vector512.Create(bias[9]);
        Vector512.Min(Vector512.Max(c9_0 + bias9, lo), hi).Store(c + 9 * ldc + 0);
        Vector512.Min(Vector512.Max(c9_1 + bias9, lo), hi).Store(c + 9 * ldc + 16);
        var bias10 = Vector512.Create(bias[10]);
        Vector512.Min(Vector512.Max(c10_0 + bias10, lo), hi).Store(c + 10 * ldc + 0);
        Vector512.Min(Vector512.Max(c10_1 + bias10, lo), hi).Store(c + 10 * ldc + 16);
        var bias11 = Vector512.Create(bias[11]);
        Vector512.Min(Vector512.Max(c11_0 + bias11, lo), hi).Store(c + 11 * ldc + 0);
        Vector512.Min(Vector512.Max(c11_1 + bias11, lo), hi).Store(c + 11 * ldc + 16);
    }

    /// <summary>6×16 tile, 12 Vector256 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile6x16_V256(int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero;
        var c3_0 = Vector256<float>.Zero; var c3_1 = Vector256<float>.Zero;
        var c4_0 = Vector256<float>.Zero; var c4_1 = Vector256<float>.Zero;
        var c5_0 = Vector256<float>.Zero; var c5_1 = Vector256<float>.Zero;
        if (accumulate)
        {
            c0_0 = Vector256.Load(c + 0 * ldc + 0);
            c0_1 = Vector256.Load(c + 0 * ldc + 8);
            c1_0 = Vector256.Load(c + 1 * ldc + 0);
            c1_1 = Vector256.Load(c + 1 * ldc + 8);
            c2_0 = Vector256.Load(c + 2 * ldc + 0);
            c2_1 = Vector256.Load(c + 2 * ldc + 8);
            c3_0 = Vector256.Load(c + 3 * ldc + 0);
            c3_1 = Vector256.Load(c + 3 * ldc + 8);
            c4_0 = Vector256.Load(c + 4 * ldc + 0);
            c4_1 = Vector256.Load(c + 4 * ldc + 8);
            c5_0 = Vector256.Load(c + 5 * ldc + 0);
            c5_1 = Vector256.Load(c + 5 * ldc + 8);
        }

        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        var lo = Vector256.Create(min);
        var hi = Vector256.Create(max);
        var bias0 = Vector256.Create(bias[0]);
        Vector256.Min(Vector256.Max(c0_0 + bias0, lo), hi).Store(c + 0 * ldc + 0);
        Vector256.Min(Vector256.Max(c0_1 + bias0, lo), hi).Store(c + 0 * ldc + 8);
        var bias1 = Vector256.Create(bias[1]);
        Vector256.Min(Vector256.Max(c1_0 + bias1, lo), hi).Store(c + 1 * ldc + 0);
        Vector256.Min(Vector256.Max(c1_1 + bias1, lo), hi).Store(c + 1 * ldc + 8);
        var bias2 = Vector256.Create(bias[2]);
        Vector256.Min(Vector256.Max(c2_0 + bias2, lo), hi).Store(c + 2 * ldc + 0);
        Vector256.Min(Vector256.Max(c2_1 + bias2, lo), hi).Store(c + 2 * ldc + 8);
        var bias3 = Vector256.Create(bias[3]);
        Vector256.Min(Vector256.Max(c3_0 + bias3, lo), hi).Store(c + 3 * ldc + 0);
        Vector256.Min(Vector256.Max(c3_1 + bias3, lo), hi).Store(c + 3 * ldc + 8);
        var bias4 = Vector256.Create(bias[4]);
        Vector256.Min(Vector256.Max(c4_0 + bias4, lo), hi).Store(c + 4 * ldc + 0);
        Vector256.Min(Vector256.Max(c4_1 + bias4, lo), hi).Store(c + 4 * ldc + 8);
        var bias5 = Vector256.Create(bias[5]);
        Vector256.Min(Vector256.Max(c5_0 + bias5, lo), hi).Store(c + 5 * ldc + 0);
        Vector256.Min(Vector256.Max(c5_1 + bias5, lo), hi).Store(c + 5 * ldc + 8);
    }

    /// <summary>4×8 tile, 8 Vector128 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile4x8_V128(int depth, float* a, float* b, float* c, nint ldc, float* bias, float min, float max, bool accumulate)
    {
        var c0_0 = Vector128<float>.Zero; var c0_1 = Vector128<float>.Zero;
        var c1_0 = Vector128<float>.Zero; var c1_1 = Vector128<float>.Zero;
        var c2_0 = Vector128<float>.Zero; var c2_1 = Vector128<float>.Zero;
        var c3_0 = Vector128<float>.Zero; var c3_1 = Vector128<float>.Zero;
        if (accumulate)
        {
            c0_0 = Vector128.Load(c + 0 * ldc + 0);
            c0_1 = Vector128.Load(c + 0 * ldc + 4);
            c1_0 = Vector128.Load(c + 1 * ldc + 0);
            c1_1 = Vector128.Load(c + 1 * ldc + 4);
            c2_0 = Vector128.Load(c + 2 * ldc + 0);
            c2_1 = Vector128.Load(c + 2 * ldc + 4);
            c3_0 = Vector128.Load(c + 3 * ldc + 0);
            c3_1 = Vector128.Load(c + 3 * ldc + 4);
        }

        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector128.Load(b + 0);
            var b1 = Vector128.Load(b + 4);
            var a0 = Vector128.Create(a[0]);
            c0_0 = Vector128.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector128.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector128.Create(a[1]);
            c1_0 = Vector128.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector128.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector128.Create(a[2]);
            c2_0 = Vector128.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector128.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector128.Create(a[3]);
            c3_0 = Vector128.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector128.FusedMultiplyAdd(a3, b1, c3_1);
            a += 4;
            b += 8;
        }

        var lo = Vector128.Create(min);
        var hi = Vector128.Create(max);
        var bias0 = Vector128.Create(bias[0]);
        Vector128.Min(Vector128.Max(c0_0 + bias0, lo), hi).Store(c + 0 * ldc + 0);
        Vector128.Min(Vector128.Max(c0_1 + bias0, lo), hi).Store(c + 0 * ldc + 4);
        var bias1 = Vector128.Create(bias[1]);
        Vector128.Min(Vector128.Max(c1_0 + bias1, lo), hi).Store(c + 1 * ldc + 0);
        Vector128.Min(Vector128.Max(c1_1 + bias1, lo), hi).Store(c + 1 * ldc + 4);
        var bias2 = Vector128.Create(bias[2]);
        Vector128.Min(Vector128.Max(c2_0 + bias2, lo), hi).Store(c + 2 * ldc + 0);
        Vector128.Min(Vector128.Max(c2_1 + bias2, lo), hi).Store(c + 2 * ldc + 4);
        var bias3 = Vector128.Create(bias[3]);
        Vector128.Min(Vector128.Max(c3_0 + bias3, lo), hi).Store(c + 3 * ldc + 0);
        Vector128.Min(Vector128.Max(c3_1 + bias3, lo), hi).Store(c + 3 * ldc + 4);
    }
}
