using System.Runtime.Intrinsics;

namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// The register-tiled SGEMM micro-kernels. Each computes an MR×NR tile of C = A·B over the whole depth K from an
/// A micro-panel (K×MR, row index fastest) and a B micro-panel (K×NR, column index fastest), both zero-padded.
/// The name is the tile and the vector width, parseable the XNNPACK way: <c>Tile{MR}x{NR}_{Isa}</c>.
/// </summary>
internal enum GemmKernel
{
    /// <summary>8×32 with Vector512: 16 zmm accumulators, 2 B loads and 8 broadcasts per 16 FMAs.</summary>
    Tile8x32_V512,

    /// <summary>12×32 with Vector512: 24 zmm accumulators (fewer B reloads per FMA, more M-edge waste).</summary>
    Tile12x32_V512,

    /// <summary>
    /// 7×32 with Vector512: 14 zmm accumulators. Chosen for the pixel-major convolution (<see cref="PixelMajorConv"/>),
    /// where MR counts output pixels and 7 divides every ResNet output size (7², 14², 28², 56²).
    /// </summary>
    Tile7x32_V512,

    /// <summary>6×16 with Vector256: 12 ymm accumulators (fits the 16 registers of AVX2).</summary>
    Tile6x16_V256,

    /// <summary>4×8 with Vector128: the portable fallback (software-emulated where Vector128 is not accelerated).</summary>
    Tile4x8_V128,
}

/// <summary>Tile sizes and selection of <see cref="GemmKernel"/>.</summary>
internal static class GemmKernels
{
    /// <summary>
    /// The kernel used by default. 8×32 and 12×32 measure within noise of each other on the ResNet-18 layers
    /// (docs/PERFORMANCE.md); 8×32 is kept because 8 divides every ResNet channel count, so no M edge is wasted,
    /// and it leaves registers free.
    /// </summary>
    public static GemmKernel Best { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernel.Tile8x32_V512
        : Vector256.IsHardwareAccelerated ? GemmKernel.Tile6x16_V256
        : GemmKernel.Tile4x8_V128;

    public static int Mr(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Tile8x32_V512 => 8,
        GemmKernel.Tile12x32_V512 => 12,
        GemmKernel.Tile7x32_V512 => 7,
        GemmKernel.Tile6x16_V256 => 6,
        GemmKernel.Tile4x8_V128 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown GEMM kernel"),
    };

    public static int Nr(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Tile8x32_V512 or GemmKernel.Tile12x32_V512 or GemmKernel.Tile7x32_V512 => 32,
        GemmKernel.Tile6x16_V256 => 16,
        GemmKernel.Tile4x8_V128 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown GEMM kernel"),
    };

    /// <summary>True when the kernel's vector width is accelerated here (the others still run, slowly, in software).</summary>
    public static bool IsAccelerated(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Tile8x32_V512 or GemmKernel.Tile12x32_V512 or GemmKernel.Tile7x32_V512 => Vector512.IsHardwareAccelerated,
        GemmKernel.Tile6x16_V256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };
}
