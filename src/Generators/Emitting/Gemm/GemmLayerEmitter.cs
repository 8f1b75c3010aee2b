using System;
using System.Collections.Generic;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// The structure every conv/gemm family shares (families differ only in their <see cref="GemmPath"/> list):
/// <list type="bullet">
/// <item>construction: the blob's codes unpacked and reordered into quad panels (runtime <c>QuadPanels</c>, 64-byte
/// aligned, pinned), and the epilogue rows (bias with the input zero point folded in, multipliers, shifts);</item>
/// <item><c>CopyHalo{id}</c>: the input with a zero-point border, when the layer pads (rows split across workers);</item>
/// <item><c>Layer{id}(worker, workers)</c>: this worker's share of the work units (output row × channel slab, in the
/// order <see cref="GemmPlan.RowMajorUnits"/> chooses), then the first path whose guard holds;</item>
/// <item>per path, <c>Run{id}_{path}</c>: per unit, every channel tile of the slab across the row's pixel tiles,
/// edge tiles (fewer pixels, fewer or partial channel vectors) as their own straight-line kernels; the scalar path
/// last, for machines without SIMD.</item>
/// </list>
/// </summary>
internal static class GemmLayerEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan, IReadOnlyList<GemmPath> paths)
    {
        var g = plan.Gemm ?? throw new InvalidOperationException($"layer {plan.Layer.Name} has no gemm plan");
        foreach (var path in paths)
        {
            if (g.SlabChannels % (path.TileVectors * path.Lanes) != 0)
            {
                throw new InvalidOperationException($"path {path.Name} tile of {path.TileVectors * path.Lanes} channels does not divide a slab");
            }
        }

        EmitData(w, plan);
        EmitInit(w, plan, paths[0]);
        if (g.Halo)
        {
            EmitHalo(w, plan);
        }

        EmitDispatch(w, plan, paths);
        foreach (var path in paths)
        {
            EmitRun(w, plan, path);
        }

        ScalarPathEmitter.Emit(w, plan);
        foreach (var path in paths)
        {
            foreach (var (pixels, vectors, last) in Tiles(plan, path))
            {
                MicroKernelEmitter.Emit(w, plan, path, pixels, vectors, last);
            }
        }
    }

    /// <summary>Every distinct (pixels, vectors, last-vector lanes) tile a path's loops call.</summary>
    private static IEnumerable<(int Pixels, int Vectors, int Last)> Tiles(LayerPlan plan, GemmPath path)
    {
        var seen = new HashSet<(int, int, int)>();
        var g = plan.Gemm!;
        var slabs = new List<int>();
        if (g.OutPerGroup >= g.SlabChannels)
        {
            slabs.Add(g.SlabChannels);
        }

        if (g.OutPerGroup % g.SlabChannels != 0)
        {
            slabs.Add(g.OutPerGroup % g.SlabChannels);
        }

        foreach (int pixels in PixelTiles(plan, path))
        {
            foreach (int slab in slabs)
            {
                foreach (var (_, vectors, last) in ChannelTiles(path, slab))
                {
                    if (seen.Add((pixels, vectors, last)))
                    {
                        yield return (pixels, vectors, last);
                    }
                }
            }
        }
    }

    private static IEnumerable<int> PixelTiles(LayerPlan plan, GemmPath path)
    {
        foreach (var (pixels, _) in RowTiles(plan.Output.Width, path.TilePixels))
        {
            yield return pixels;
        }
    }

    /// <summary>
    /// An output row of <paramref name="width"/> pixels as the fewest tiles of at most <paramref name="tile"/> pixels,
    /// balanced (sizes differ by at most one), as (pixels, count) runs, larger first. Why balanced: a leftover tile of
    /// one or two pixels has only 2–4 independent accumulator chains, so it runs at the multiply latency instead of
    /// its throughput; a 7-pixel row on the 6-pixel VNNI tile as 4 + 3 instead of 6 + 1 made the 512→512 @7² layer
    /// ~6 % faster (PERFORMANCE.md, generated kernels).
    /// </summary>
    public static List<(int Pixels, int Count)> RowTiles(int width, int tile)
    {
        int tiles = (width + tile - 1) / tile;
        int small = width / tiles;
        int large = width % tiles;
        var runs = new List<(int, int)>();
        if (large > 0)
        {
            runs.Add((small + 1, large));
        }

        runs.Add((small, tiles - large));
        return runs;
    }

    /// <summary>The channel tiles of one slab of a group: (first channel in the slab, vectors, real lanes of the last vector), for the full slab and the group's last (edge) slab.</summary>
    private static List<(int First, int Vectors, int Last)> ChannelTiles(GemmPath path, int slabChannels)
    {
        var tiles = new List<(int, int, int)>();
        int tile = path.TileVectors * path.Lanes;
        for (int first = 0; first < slabChannels; first += tile)
        {
            int real = Math.Min(tile, slabChannels - first);
            int vectors = (real + path.Lanes - 1) / path.Lanes;
            tiles.Add((first, vectors, real - (vectors - 1) * path.Lanes));
        }

        return tiles;
    }

    private static void EmitData(SourceWriter w, LayerPlan plan)
    {
        var weights = plan.Layer.Weights!;
        string id = plan.Id;
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Bias{id} => {Literals.IntArray(weights.Bias)};");
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Multipliers{id} => {Literals.IntArray(weights.Multipliers)};");
        w.WriteLine($"private static {Names.ReadOnlySpan}<int> Shifts{id} => {Literals.IntArray(weights.Shifts)};");
        if (!weights.Codebook.IsEmpty)
        {
            w.WriteLine($"private static {Names.ReadOnlySpan}<int> Codebook{id} => {Literals.IntArray(weights.Codebook)};");
        }

        w.WriteLine($"// quad panels (64-byte aligned from _w{id}At) and epilogue rows [bias − z·Σw | multiplier | shift] × {plan.Gemm!.PaddedChannels} padded channels");
        w.WriteLine($"private sbyte[] _w{id} = global::System.Array.Empty<sbyte>();");
        w.WriteLine($"private int _w{id}At;");
        w.WriteLine($"private int[] _e{id} = global::System.Array.Empty<int>();");
        w.WriteLine();
    }

    private static void EmitInit(SourceWriter w, LayerPlan plan, GemmPath first)
    {
        var g = plan.Gemm!;
        var weights = plan.Layer.Weights!;
        string id = plan.Id;
        string codebook = weights.Codebook.IsEmpty ? "default" : "Codebook" + id;
        int channels = plan.Output.Channels;
        string into = first.Panels(plan) is null ? "quad panels" : "the panels its first path reads (quad panels for the others)";
        w.WriteLine($"/// <summary>Unpacks layer '{Literals.Comment(plan.Layer.Name)}' weights into {into} and folds the input zero point into the bias.</summary>");
        w.Open($"private void Init{id}(byte[] blob)");
        w.WriteLine($"var codes = new sbyte[{L(channels)} * {L(g.ReductionSize)}];");
        foreach (var group in weights.ChannelGroups)
        {
            w.WriteLine($"// channels [{group.First}, {group.First + group.Count}) at {group.WeightBits} bits, blob bytes [{group.Offset}, +{group.Length})");
            w.WriteLine($"{Names.Integer}.QuadPanels.UnpackCodes(blob, {group.Offset.ToString(CultureInfo.InvariantCulture)}L, {L(group.First)}, {L(group.Count)}, {L(g.ReductionSize)}, {L(group.WeightBits)}, {codebook}, codes);");
        }

        if (first.Panels(plan) is { } panels)
        {
            // Only the path that runs needs its panels; the guard is the dispatcher's, a JIT/AOT constant.
            w.Open($"if ({first.Guard})");
            w.WriteLine($"_w{id} = {Names.Integer}.QuadPanels.AllocateAligned<sbyte>({L(panels.Length)}, out _w{id}At);");
            w.WriteLine($"var panels = new {Names.Span}<sbyte>(_w{id}, _w{id}At, {L(panels.Length)});");
            w.WriteLine(panels.Pack);
            w.Close();
            w.Open("else");
            EmitQuadPanels(w, g, id);
            w.Close();
        }
        else
        {
            EmitQuadPanels(w, g, id);
        }

        w.WriteLine($"_e{id} = new int[{L(3 * g.PaddedChannels)}];");
        w.WriteLine($"{Names.Integer}.QuadPanels.EpilogueParameters(codes, {L(g.Groups)}, {L(g.OutPerGroup)}, {L(plan.Inputs[0].ZeroPoint)}, Bias{id}, Multipliers{id}, Shifts{id}, _e{id});");
        w.Close();
        w.WriteLine();
    }

    private static void EmitQuadPanels(SourceWriter w, GemmPlan g, string id)
    {
        int length = g.Groups * g.BlocksPerGroup * g.BlockBytes;
        w.WriteLine($"_w{id} = {Names.Integer}.QuadPanels.AllocateAligned<sbyte>({L(length)}, out _w{id}At);");
        w.WriteLine($"{Names.Integer}.QuadPanels.Pack(codes, {L(g.Groups)}, {L(g.OutPerGroup)}, {L(g.SegmentLength)}, {L(g.SegmentsH * g.SegmentsW)}, new {Names.Span}<sbyte>(_w{id}, _w{id}At, {L(length)}));");
    }

    private static void EmitHalo(SourceWriter w, LayerPlan plan)
    {
        var g = plan.Gemm!;
        var x = plan.Inputs[0];
        var win = plan.Layer.Window!;
        string id = plan.Id;
        int rows = g.SourceHeight;
        w.WriteLine($"/// <summary>Input of layer '{Literals.Comment(plan.Layer.Name)}' with a border of its zero point {x.ZeroPoint}: {g.SourceHeight}×{g.SourceWidth}×{g.SourceChannels} at arena {g.SourceOffset}.</summary>");
        w.Open($"private void CopyHalo{id}(int worker, int workers)");
        w.WriteLine($"int first = {L(rows)} * worker / workers;");
        w.WriteLine($"int end = {L(rows)} * (worker + 1) / workers;");
        w.WriteLine($"{Names.Integer}.Halo.CopyRows(new {Names.ReadOnlySpan}<byte>(_arena, {L(x.Offset)}, {L(x.Length)}), {L(x.Height)}, {L(x.Width)}, {L(x.Channels)}, {L(win.PadTop)}, {L(win.PadLeft)}, {L(g.SourceHeight)}, {L(g.SourceWidth)}, {L(x.ZeroPoint)}, new {Names.Span}<byte>(_arena, {L(g.SourceOffset)}, {L(g.SourceHeight * g.SourceWidth * g.SourceChannels)}), first, end - first);");
        w.Close();
        w.WriteLine();
    }

    private static void EmitDispatch(SourceWriter w, LayerPlan plan, IReadOnlyList<GemmPath> paths)
    {
        var g = plan.Gemm!;
        string id = plan.Id;
        int units = g.Groups * g.Slabs * plan.Output.Height;
        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(plan.Layer.Name)}', this worker's share of {units} units (output row × {g.SlabChannels}-channel slab, {Order(g)}).</summary>");
        w.Open($"private void {plan.MethodName}(int worker, int workers)");
        w.WriteLine($"int begin = (int)((long){L(units)} * worker / workers);");
        w.WriteLine($"int end = (int)((long){L(units)} * (worker + 1) / workers);");
        foreach (var path in paths)
        {
            w.Open($"if ({path.Guard})");
            if (path.BuildSource(plan) is { } build)
            {
                w.WriteLine(build);
            }

            w.WriteLine($"Run{id}_{path.Name}(begin, end{path.SourceParameters.Arguments});");
            w.WriteLine("return;");
            w.Close();
        }

        w.WriteLine($"Run{id}_Scalar(begin, end);");
        w.Close();
        w.WriteLine();
    }

    /// <summary>Opens the unit loop shared by every path: locals for the unit's source row, weights, epilogue rows and output (plus accumulators), at the places <paramref name="layout"/> says.</summary>
    public static void OpenUnits(SourceWriter w, LayerPlan plan, ReductionLayout layout, string declareSource)
    {
        var g = plan.Gemm!;
        var y = plan.Output;
        string id = plan.Id;
        w.WriteLine($"ref byte arena = ref {Names.MemoryMarshal}.GetArrayDataReference(_arena);");
        w.WriteLine(declareSource);
        w.WriteLine($"ref sbyte panels = ref {Names.Unsafe}.Add(ref {Names.MemoryMarshal}.GetArrayDataReference(_w{id}), _w{id}At);");
        w.WriteLine($"ref int parameters = ref {Names.MemoryMarshal}.GetArrayDataReference(_e{id});");
        if (y.AccumulatorOffset >= 0)
        {
            w.WriteLine($"ref int accumulators = ref {Names.Unsafe}.Add(ref {Names.MemoryMarshal}.GetArrayDataReference(_accumulators), {L(y.AccumulatorOffset)});");
        }

        w.Open("for (int u = begin; u < end; u++)");
        if (g.RowMajorUnits)
        {
            w.WriteLine($"int oy = u / {L(g.Groups * g.Slabs)};");
            w.WriteLine($"int slab = u - oy * {L(g.Groups * g.Slabs)};");
        }
        else
        {
            w.WriteLine($"int oy = u % {L(y.Height)};");
            w.WriteLine($"int slab = u / {L(y.Height)};");
        }

        if (g.Groups > 1)
        {
            w.WriteLine($"int g = slab / {L(g.Slabs)};");
            w.WriteLine($"slab -= g * {L(g.Slabs)};");
        }

        string G(int factor) => g.Groups > 1 ? $" + g * {L(factor)}" : string.Empty;
        w.WriteLine($"ref byte xr = ref {Names.Unsafe}.Add(ref source, {L(layout.SourceOffset)} + oy * {L(layout.RowBytes)}{G(layout.GroupBytes)});");
        w.WriteLine($"ref byte yr = ref {Names.Unsafe}.Add(ref arena, {L(y.Offset)} + oy * {L(y.Width * y.Channels)}{G(g.OutPerGroup)} + slab * {L(g.SlabChannels)});");
        w.WriteLine($"ref sbyte ws = ref {Names.Unsafe}.Add(ref panels, ({(g.Groups > 1 ? $"g * {L(layout.WeightBlocksPerGroup)} + " : string.Empty)}slab * {L(layout.WeightBlocksPerSlab)}) * {L(layout.WeightBlockBytes)});");
        w.WriteLine($"ref int es = ref {Names.Unsafe}.Add(ref parameters, {(g.Groups > 1 ? $"g * {L(g.BlocksPerGroup * 16)} + " : string.Empty)}slab * {L(g.SlabChannels)});");
        if (y.AccumulatorOffset >= 0)
        {
            w.WriteLine($"ref int ar = ref {Names.Unsafe}.Add(ref accumulators, oy * {L(y.Width * y.Channels)}{G(g.OutPerGroup)} + slab * {L(g.SlabChannels)});");
        }
    }

    private static void EmitRun(SourceWriter w, LayerPlan plan, GemmPath path)
    {
        var g = plan.Gemm!;
        var y = plan.Output;
        string id = plan.Id;
        int fullSlabs = g.OutPerGroup / g.SlabChannels;
        int edge = g.OutPerGroup % g.SlabChannels;
        w.WriteLine($"// {path.Describe}; tile {path.TilePixels} pixel(s) × {path.TileVectors} vector(s) of {path.Lanes} channels");
        w.WriteLine($"[{Names.Optimized}]");
        w.Open($"private void Run{id}_{path.Name}(int begin, int end{path.SourceParameters.Parameters})");
        OpenUnits(w, plan, path.Layout(g), path.DeclareSource);
        if (fullSlabs > 0 && edge > 0)
        {
            w.Open($"if (slab < {L(fullSlabs)})");
        }

        if (fullSlabs > 0)
        {
            EmitSlab(w, plan, path, g.SlabChannels);
        }

        if (fullSlabs > 0 && edge > 0)
        {
            w.Close();
            w.Open("else");
        }

        if (edge > 0)
        {
            EmitSlab(w, plan, path, edge);
        }

        if (fullSlabs > 0 && edge > 0)
        {
            w.Close();
        }

        w.Close();
        w.Close();
        w.WriteLine();
    }

    private static void EmitSlab(SourceWriter w, LayerPlan plan, GemmPath path, int channels)
    {
        var g = plan.Gemm!;
        var y = plan.Output;
        string id = plan.Id;
        bool accumulators = y.AccumulatorOffset >= 0;
        var rowTiles = RowTiles(y.Width, path.TilePixels);
        var layout = path.Layout(g);
        int pixelBytes = layout.PixelBytes;
        foreach (var (first, vectors, last) in ChannelTiles(path, channels))
        {
            int weights = layout.ChannelWeightOffset(first);
            string Call(int pixels, string ox) =>
                $"{MicroKernelEmitter.Name(id, path, pixels, vectors, last)}(ref {Names.Unsafe}.Add(ref xr, {ox} * {L(pixelBytes)}), ref {Names.Unsafe}.Add(ref ws, {L(weights)}), ref {Names.Unsafe}.Add(ref es, {L(first)}), ref {Names.Unsafe}.Add(ref yr, {ox} * {L(y.Channels)} + {L(first)})"
                + (accumulators ? $", ref {Names.Unsafe}.Add(ref ar, {ox} * {L(y.Channels)} + {L(first)})" : string.Empty) + ");";
            int ox0 = 0;
            foreach (var (pixels, count) in rowTiles)
            {
                if (count > 1)
                {
                    w.Open($"for (int ox = {L(ox0)}; ox < {L(ox0 + count * pixels)}; ox += {L(pixels)})");
                    w.WriteLine(Call(pixels, "ox"));
                    w.Close();
                }
                else
                {
                    w.WriteLine(Call(pixels, L(ox0)));
                }

                ox0 += count * pixels;
            }
        }
    }

    /// <summary>The work units' order in words, for the generated comments.</summary>
    public static string Order(GemmPlan g) => g.RowMajorUnits ? "row-major: the panels fit in L2" : "slab-major: a worker's weights stay in cache across rows";

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
