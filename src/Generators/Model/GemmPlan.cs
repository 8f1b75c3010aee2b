namespace Specialized.Generators.Model;

/// <summary>
/// The implicit-GEMM geometry of one conv or gemm layer, everything its kernels need as literals. Output pixel
/// (oy, ox) of conv group g reads its receptive field as <see cref="SegmentsH"/> × <see cref="SegmentsW"/>
/// segments of <see cref="SegmentLength"/> contiguous activation bytes from the source at
/// <c>(oy·StrideH·SourceWidth + ox·StrideW)·SourceChannels + g·InPerGroup + sh·SegmentStrideH + sw·SegmentStrideW</c>;
/// each segment is <see cref="SegmentQuads"/> quads of 4 codes (the last one padded with zero weights). A gemm is a
/// 1×1 conv over a 1×1 image. Caching contract: immutable, structural equality.
/// </summary>
/// <param name="Groups">Conv groups (1 for gemm).</param>
/// <param name="InPerGroup">Input channels per group.</param>
/// <param name="OutPerGroup">Output channels per group.</param>
/// <param name="SegmentLength">Codes per segment: KW·InPerGroup (one receptive-field row) when groups = 1 and the horizontal dilation is 1, else InPerGroup (one tap).</param>
/// <param name="SegmentsH">Segment rows: KH.</param>
/// <param name="SegmentsW">Segments per row: 1 (whole rows) or KW (taps).</param>
/// <param name="SegmentStrideH">Source bytes between segment rows: dilation_h · SourceWidth · SourceChannels.</param>
/// <param name="SegmentStrideW">Source bytes between the taps of a row: dilation_w · SourceChannels (0 for whole rows).</param>
/// <param name="Halo">True when the kernel reads a zero-point-bordered copy of the input (the layer pads); false when it reads the input tensor itself.</param>
/// <param name="SourceOffset">Arena offset of what the kernel reads: the bordered copy or the input tensor.</param>
/// <param name="SourceHeight">Rows of the source (padded height with a halo).</param>
/// <param name="SourceWidth">Columns of the source (padded width with a halo).</param>
/// <param name="SourceChannels">Channels per source pixel: the input's.</param>
/// <param name="StrideH">Vertical conv stride.</param>
/// <param name="StrideW">Horizontal conv stride.</param>
/// <param name="PairSumDepth">How many vpmaddubsw pair sums of raw codes one int16 lane can add without overflow (0: not even one is safe, the W8A8 case).</param>
internal sealed record GemmPlan(
    int Groups,
    int InPerGroup,
    int OutPerGroup,
    int SegmentLength,
    int SegmentsH,
    int SegmentsW,
    int SegmentStrideH,
    int SegmentStrideW,
    bool Halo,
    int SourceOffset,
    int SourceHeight,
    int SourceWidth,
    int SourceChannels,
    int StrideH,
    int StrideW,
    int PairSumDepth)
{
    /// <summary>Output channels per slab: the unit of channel work, 32 (two zmm blocks of int32 sums) unless a family's
    /// widest tile needs more (the bit-plane family looks up 64 channels per table load).</summary>
    public int SlabChannels { get; init; } = 32;

    /// <summary>Channel slabs per group; a work unit is one output row × one slab.</summary>
    public int Slabs => (OutPerGroup + SlabChannels - 1) / SlabChannels;

    /// <summary>Quad-panel bytes up to which <see cref="RowMajorUnits"/> holds: a core's L2 keeps them with room to spare (256 KB and more per core on current x64 and ARM64 cores).</summary>
    public const int RowMajorPanelLimit = 128 * 1024;

    /// <summary>
    /// True when work units go output row first (row, then group and slab), false for slab-major (group and slab,
    /// then row). Slab-major keeps a worker on one slab's weights across rows, which matters when the panels outgrow
    /// L2; but it splits every output pixel's channels between workers, and when two workers' channel ranges meet
    /// inside a 64-byte line they write the same lines at the same time (the 64-channel stem and stage 1 of
    /// ResNet-18: the stem scaled 1.4–1.55× on 2 threads). Row-major gives each worker whole rows; with small panels
    /// re-reading them per row costs nothing.
    /// </summary>
    /// <remarks>
    /// A kernel that reads lookup tables (<see cref="ReadsTables"/>) goes row-major whatever its panels: each worker
    /// then builds only the table rows its own output rows read (into its own buffer), and the tables, which outweigh
    /// the panels (704 KB against ~200 KB at 256→256 @14² with 2-bit weights), are read once instead of once per slab.
    /// </remarks>
    public bool RowMajorUnits => ReadsTables || (long)Groups * BlocksPerGroup * BlockBytes <= RowMajorPanelLimit;

    /// <summary>True when the kernel reads per-pixel lookup tables its workers build (the bit-plane family).</summary>
    public bool ReadsTables { get; init; }

    /// <summary>Quads per segment: ⌈SegmentLength / 4⌉.</summary>
    public int SegmentQuads => (SegmentLength + 3) / 4;

    /// <summary>Quads of the whole reduction (the K of the packed weights, in quads).</summary>
    public int Quads => SegmentQuads * SegmentsH * SegmentsW;

    /// <summary>The reduction size K: SegmentLength · SegmentsH · SegmentsW.</summary>
    public int ReductionSize => SegmentLength * SegmentsH * SegmentsW;

    /// <summary>16-channel weight blocks per group.</summary>
    public int BlocksPerGroup => (OutPerGroup + 15) / 16;

    /// <summary>Channels of the epilogue parameter rows (every group padded to whole blocks).</summary>
    public int PaddedChannels => Groups * BlocksPerGroup * 16;

    /// <summary>Bytes of packed weights per block: Quads · 64.</summary>
    public int BlockBytes => Quads * 64;
}
