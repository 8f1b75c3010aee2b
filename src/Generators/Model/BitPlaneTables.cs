namespace Specialized.Generators.Model;

/// <summary>
/// The table geometry of a bit-plane (T-MAC) layer. Per pixel of a grid over the input and per conv group, the
/// input channels are cut into <see cref="TablesPerGroup"/> runs of <see cref="GroupSize"/> codes; each run's table
/// holds, at index m, the sum of the codes whose bit is set in m — 64 bytes, whatever the scheme:
/// <list type="bullet">
/// <item><see cref="Words"/> false (activations ≤ 5 bits): 64 u8 sums of 6 codes (≤ 6·31 = 186), looked up with
/// vpermb; index byte 2c of a lookup is weight plane 2i of channel c, byte 2c + 1 plane 2i + 1, so vpmaddubsw with
/// the two planes' weights (2^(2i), ±2^(2i+1)) turns a lookup into channel sums;</item>
/// <item><see cref="Words"/> true (6–8-bit activations, whose sums need 16 bits): 32 int16 sums of 5 codes, looked up
/// with vpermw, one plane per lookup; <see cref="Signed"/> (binary weights only) stores Σ ±x (bit 1 = +1), so the
/// single plane is the whole dot product.</item>
/// </list>
/// The grid is the padded input (taps address it like the bordered copy) or, along a dimension with kernel extent 1,
/// the output positions (a 1×1 stride-2 conv builds tables only for the pixels it reads). Each worker builds the grid
/// rows its output rows read into a buffer of its own (the model's <c>_tables[worker]</c>, 64-byte aligned, sized for
/// the largest layer's grid) within the kernel phase: no phase of their own, and no worker reads tables another
/// core wrote.
/// </summary>
/// <param name="KernelH">Kernel rows (1 for gemm).</param>
/// <param name="KernelW">Kernel columns (1 for gemm).</param>
/// <param name="Height">Grid rows.</param>
/// <param name="Width">Grid columns.</param>
/// <param name="SourceStepY">Input rows per grid row (the stride along a dimension of kernel extent 1, else 1).</param>
/// <param name="SourceStepX">Input columns per grid column.</param>
/// <param name="KernelStepY">Grid rows per output row (1 on a subsampled grid, else the stride).</param>
/// <param name="KernelStepX">Grid columns per output pixel.</param>
/// <param name="TapStepY">Grid rows between kernel rows (the dilation).</param>
/// <param name="TapStepX">Grid columns between kernel columns.</param>
/// <param name="PadTop">Input row of grid row 0 is −PadTop (grid rows outside the input hold the zero point).</param>
/// <param name="PadLeft">Input column of grid column 0 is −PadLeft.</param>
/// <param name="GroupSize">Codes per table: 6 (u8 sums) or 5 (int16 sums).</param>
/// <param name="TablesPerGroup">Tables per pixel and conv group: ⌈InPerGroup / GroupSize⌉.</param>
/// <param name="Planes">Weight bit planes: the widest channel group's width, at least 2 for u8 tables (binary weights as 2-bit two's complement ±1), 1 for signed tables.</param>
/// <param name="Words">True for int16 tables (vpermw).</param>
/// <param name="Signed">True for the signed int16 tables of binary weights.</param>
internal sealed record BitPlaneTables(
    int KernelH,
    int KernelW,
    int Height,
    int Width,
    int SourceStepY,
    int SourceStepX,
    int KernelStepY,
    int KernelStepX,
    int TapStepY,
    int TapStepX,
    int PadTop,
    int PadLeft,
    int GroupSize,
    int TablesPerGroup,
    int Planes,
    bool Words,
    bool Signed)
{
    /// <summary>Bytes of one table.</summary>
    public const int TableBytes = 64;

    /// <summary>Index vectors per 32 channels and table: plane pairs (u8) or planes (int16).</summary>
    public int Lookups => Words ? Planes : (Planes + 1) / 2;

    /// <summary>The number of the buffer's bytes (every pixel's tables for every conv group).</summary>
    public int Length(int groups) => checked(Height * Width * groups * TablesPerGroup * TableBytes);
}
