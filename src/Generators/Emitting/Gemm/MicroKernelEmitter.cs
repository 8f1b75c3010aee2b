using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// Writes one register-tile kernel of a path: <c>pixels</c> consecutive output pixels × <c>vectors</c> accumulator
/// vectors, the last one holding <c>lastLanes</c> real channels. The reduction walks the path's
/// <see cref="ReductionLayout"/> segments (loops with literal strides) and, inside each, its units (quads) — unrolled
/// by <see cref="GemmPath.Unroll"/> with literal offsets — flushing the narrow stage of a path exactly as often as
/// <see cref="GemmPath.FlushDepth"/> allows; then the fused epilogue per vector: + folded bias, (int32 accumulator
/// output), requantize, clamp, narrow, store of the real channels.
/// </summary>
/// <remarks>
/// Arguments: <c>x</c> = the tile's first pixel's receptive-field origin in the source, <c>w</c> = the tile's first
/// channel in the panels, <c>e</c> = its first padded channel in the epilogue parameters, <c>y</c> (and
/// <c>a</c>) = its first output code (accumulator). Every offset inside is a literal.
/// </remarks>
internal static class MicroKernelEmitter
{
    public static string Name(string id, GemmPath path, int pixels, int vectors, int lastLanes) =>
        $"Tile{id}_{path.Name}_{pixels}x{vectors}" + (lastLanes == path.Lanes ? string.Empty : "_" + L(lastLanes));

    public static void Emit(SourceWriter w, LayerPlan plan, GemmPath path, int pixels, int vectors, int lastLanes)
    {
        var g = plan.Gemm!;
        if (pixels < 1 || vectors < 1 || vectors > path.TileVectors || lastLanes < 1 || lastLanes > path.Lanes || (16 % (path.TileVectors * path.Lanes) != 0 && path.TileVectors * path.Lanes % 16 != 0))
        {
            throw new InvalidOperationException($"tile {pixels}x{vectors} (last {lastLanes}) does not fit path {path.Name} of layer {plan.Layer.Name}");
        }

        string id = plan.Id;
        bool accumulators = plan.Output.AccumulatorOffset >= 0;
        var layout = path.Layout(g);
        w.WriteLine($"/// <summary>{pixels} pixel(s) × {vectors * path.Lanes - (path.Lanes - lastLanes)} channel(s), {path.Name}.</summary>");
        w.WriteLine($"[{Names.Optimized}]");
        string accParameter = accumulators ? ", ref int a" : string.Empty;
        w.Open($"private static void {Name(id, path, pixels, vectors, lastLanes)}(ref byte x, ref sbyte w, ref int e, ref byte y{accParameter})");
        path.Declare(w, pixels, vectors);
        w.WriteLine("ref sbyte wq = ref w;");
        EmitReduction(w, layout, path, pixels, vectors);
        path.Finish(w, pixels, vectors);
        EmitEpilogue(w, plan, path, pixels, vectors, lastLanes, accumulators);
        w.Close();
        w.WriteLine();
    }

    private static void EmitReduction(SourceWriter w, ReductionLayout g, GemmPath path, int pixels, int vectors)
    {
        int depth = path.FlushDepth;
        int segmentQuads = g.UnitsPerSegment;
        int segments = g.SegmentsH * g.SegmentsW;
        Func<int, int> pixelOffset = p => p * g.PixelBytes;
        Func<int, int> weightOffset = j => g.ChannelWeightOffset(j * path.Lanes);
        // Flush policy: never inside the reduction, every few segments, or in equal chunks inside each segment.
        bool flushAtEndOnly = depth >= g.Units;
        int segmentsPerFlush = !flushAtEndOnly && depth >= segmentQuads ? depth / segmentQuads : 0;
        int chunks = !flushAtEndOnly && segmentsPerFlush == 0 ? (segmentQuads + depth - 1) / depth : 1;
        int chunk = (segmentQuads + chunks - 1) / chunks;
        w.WriteLine($"// {segments} segment(s) of {g.Segment}; " + (flushAtEndOnly
            ? "one int32 stage for the whole reduction"
            : segmentsPerFlush > 0 ? $"int16 stage flushed every {segmentsPerFlush} segment(s)" : $"int16 stage flushed every {chunk} {g.Unit}"));
        if (segmentsPerFlush > 1)
        {
            w.WriteLine("int pending = 0;");
        }

        if (g.SegmentsH > 1)
        {
            w.Open($"for (nint sh = 0; sh < {L(g.SegmentsH)}; sh++)");
        }

        if (g.SegmentsW > 1)
        {
            w.Open($"for (nint sw = 0; sw < {L(g.SegmentsW)}; sw++)");
        }

        string origin = (g.SegmentsH > 1 ? $"sh * {L(g.SegmentStrideH)}" : "0") + (g.SegmentsW > 1 ? $" + sw * {L(g.SegmentStrideW)}" : string.Empty);
        w.WriteLine(origin == "0" ? "ref byte xq = ref x;" : $"ref byte xq = ref {Names.Unsafe}.Add(ref x, {origin});");
        if (segmentsPerFlush == 0 && !flushAtEndOnly)
        {
            int full = segmentQuads / chunk;
            int rest = segmentQuads % chunk;
            w.Open(full > 1 ? $"for (int chunk = 0; chunk < {L(full)}; chunk++)" : string.Empty);
            EmitUnits(w, g, path, pixels, vectors, chunk, pixelOffset, weightOffset);
            path.Flush(w, pixels, vectors);
            w.Close();
            if (rest > 0)
            {
                EmitUnits(w, g, path, pixels, vectors, rest, pixelOffset, weightOffset);
                path.Flush(w, pixels, vectors);
            }
        }
        else
        {
            EmitUnits(w, g, path, pixels, vectors, segmentQuads, pixelOffset, weightOffset);
            if (segmentsPerFlush == 1)
            {
                path.Flush(w, pixels, vectors);
            }
            else if (segmentsPerFlush > 1)
            {
                w.Open($"if (++pending == {L(segmentsPerFlush)})");
                path.Flush(w, pixels, vectors);
                w.WriteLine("pending = 0;");
                w.Close();
            }
        }

        if (g.SegmentsW > 1)
        {
            w.Close();
        }

        if (g.SegmentsH > 1)
        {
            w.Close();
        }

        if (flushAtEndOnly || segmentsPerFlush > 1)
        {
            path.Flush(w, pixels, vectors);
        }
    }

    /// <summary><paramref name="count"/> units from xq/wq, advancing both past them.</summary>
    private static void EmitUnits(SourceWriter w, ReductionLayout g, GemmPath path, int pixels, int vectors, int count, Func<int, int> pixelOffset, Func<int, int> weightOffset)
    {
        int unroll = path.Unroll;
        int iterations = count / unroll;
        int rest = count % unroll;
        if (iterations > 1)
        {
            w.Open($"for (int q = 0; q < {L(iterations)}; q++)");
            EmitSteps(w, g, path, pixels, vectors, unroll, pixelOffset, weightOffset);
            w.Close();
        }
        else
        {
            rest += iterations * unroll;
        }

        if (rest > 0)
        {
            EmitSteps(w, g, path, pixels, vectors, rest, pixelOffset, weightOffset);
        }
    }

    private static void EmitSteps(SourceWriter w, ReductionLayout g, GemmPath path, int pixels, int vectors, int steps, Func<int, int> pixelOffset, Func<int, int> weightOffset)
    {
        // A block of its own: step locals are named by position, and a loop body may be followed by a remainder.
        w.Open(string.Empty);
        for (int u = 0; u < steps; u++)
        {
            int step = u;
            path.Step(
                w, pixels, vectors,
                p => pixelOffset(p) + g.UnitBytes * step,
                j => weightOffset(j) + g.UnitWeightBytes * step,
                "_" + L(u), u, steps);
        }

        w.WriteLine($"xq = ref {Names.Unsafe}.Add(ref xq, {L(g.UnitBytes * steps)});");
        w.WriteLine($"wq = ref {Names.Unsafe}.Add(ref wq, {L(g.UnitWeightBytes * steps)});");
        w.Close();
    }

    private static void EmitEpilogue(SourceWriter w, LayerPlan plan, GemmPath path, int pixels, int vectors, int lastLanes, bool accumulators)
    {
        var g = plan.Gemm!;
        var y = plan.Output;
        var clamp = plan.Layer.Clamp!;
        int n = g.PaddedChannels;
        string v = path.Vector;
        w.WriteLine("// epilogue: + bias − z_x·Σw, Q31 requantize (round half away from zero), + z_y, clamp, narrow, store the real channels");
        for (int j = 0; j < vectors; j++)
        {
            int lane = j * path.Lanes;
            w.WriteLine($"var bias{j} = {v}.LoadUnsafe(ref e, (nuint){L(lane)});");
            w.WriteLine($"var multiplier{j} = {v}.LoadUnsafe(ref e, (nuint){L(n + lane)});");
            w.WriteLine($"var shift{j} = {v}.LoadUnsafe(ref e, (nuint){L(2 * n + lane)});");
        }

        for (int p = 0; p < pixels; p++)
        {
            for (int j = 0; j < vectors; j++)
            {
                int count = j == vectors - 1 ? lastLanes : path.Lanes;
                int at = p * y.Channels + j * path.Lanes;
                string acc = $"acc{p}_{j}";
                w.WriteLine($"var {acc} = {GemmPath.Sum(p, j)} + bias{j};");
                if (accumulators)
                {
                    w.WriteLine($"{Names.Integer}.GemmEpilogue.StoreInts({acc}, ref {Names.Unsafe}.Add(ref a, {L(at)}), {L(count)});");
                }

                w.WriteLine($"{Names.Integer}.GemmEpilogue.StoreCodes({Names.Integer}.GemmEpilogue.Requantize({acc}, multiplier{j}, shift{j}, {L(y.ZeroPoint)}, {L(clamp.QMin)}, {L(clamp.QMax)}), ref {Names.Unsafe}.Add(ref y, {L(at)}), {L(count)});");
            }
        }
    }

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
