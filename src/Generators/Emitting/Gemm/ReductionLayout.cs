using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// Where a path's operands live and how its reduction is walked, all literals: the source it reads (activation codes
/// or lookup tables) per work unit and output pixel, the reduction as segments of units (a quad of 4 codes, or one
/// table of the bit-plane path), and its weight panels per conv group, slab, channel and unit.
/// <see cref="GemmLayerEmitter"/> and <see cref="MicroKernelEmitter"/> write the loops from it, so a path with other
/// operands (the bit-plane path's tables) reuses the unit loop, tiles, reduction loops and epilogue.
/// </summary>
/// <param name="SourceOffset">Arena offset of the source for output row 0, conv group 0.</param>
/// <param name="RowBytes">Source bytes between consecutive output rows.</param>
/// <param name="GroupBytes">Source bytes between consecutive conv groups.</param>
/// <param name="PixelBytes">Source bytes between consecutive output pixels of a row.</param>
/// <param name="UnitsPerSegment">Reduction units per segment (contiguous in the source).</param>
/// <param name="SegmentsH">Segment rows.</param>
/// <param name="SegmentsW">Segments per row.</param>
/// <param name="SegmentStrideH">Source bytes between segment rows.</param>
/// <param name="SegmentStrideW">Source bytes between the segments of a row (0 with one).</param>
/// <param name="UnitBytes">Source bytes per unit.</param>
/// <param name="UnitWeightBytes">Panel bytes per unit, for the whole tile.</param>
/// <param name="WeightBlockBytes">Panel bytes per weight block.</param>
/// <param name="WeightBlocksPerGroup">Weight blocks per conv group.</param>
/// <param name="WeightBlocksPerSlab">Weight blocks per slab.</param>
/// <param name="ChannelsPerWeightRun">Channels whose unit weights lie side by side (16 in a quad panel block).</param>
/// <param name="WeightRunBytes">Panel bytes between two such runs of channels, at the same unit.</param>
/// <param name="ChannelWeightBytes">Panel bytes between two channels of a run.</param>
/// <param name="Unit">The unit's name in comments ("quads").</param>
/// <param name="Segment">A segment in comments ("9 codes = 3 quads").</param>
internal sealed record ReductionLayout(
    int SourceOffset,
    int RowBytes,
    int GroupBytes,
    int PixelBytes,
    int UnitsPerSegment,
    int SegmentsH,
    int SegmentsW,
    int SegmentStrideH,
    int SegmentStrideW,
    int UnitBytes,
    int UnitWeightBytes,
    int WeightBlockBytes,
    int WeightBlocksPerGroup,
    int WeightBlocksPerSlab,
    int ChannelsPerWeightRun,
    int WeightRunBytes,
    int ChannelWeightBytes,
    string Unit,
    string Segment)
{
    /// <summary>Units of the whole reduction.</summary>
    public int Units => UnitsPerSegment * SegmentsH * SegmentsW;

    /// <summary>Panel byte offset of channel <paramref name="channel"/> (counted from a slab's or tile's first) at the same unit.</summary>
    public int ChannelWeightOffset(int channel) => channel / ChannelsPerWeightRun * WeightRunBytes + channel % ChannelsPerWeightRun * ChannelWeightBytes;

    /// <summary>The quad-panel layout (runtime <c>QuadPanels</c>) over the bordered activations or the input itself.</summary>
    public static ReductionLayout Quads(GemmPlan g) => new(
        g.SourceOffset, g.StrideH * g.SourceWidth * g.SourceChannels, g.InPerGroup, g.StrideW * g.SourceChannels,
        g.SegmentQuads, g.SegmentsH, g.SegmentsW, g.SegmentStrideH, g.SegmentStrideW,
        4, 64,
        g.BlockBytes, g.BlocksPerGroup, g.SlabChannels / 16,
        16, g.BlockBytes, 4,
        "quads", $"{g.SegmentLength} codes = {g.SegmentQuads} quads");
}
