using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting.Gemm;

/// <summary>
/// The last path of every conv/gemm kernel, for machines without SIMD (or with hardware intrinsics switched off):
/// plain int loops over the same quad panels and bordered source, the scalar reference epilogue per channel. Literal
/// bounds, no register tiles: it exists to be correct anywhere, not fast.
/// </summary>
internal static class ScalarPathEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        var g = plan.Gemm!;
        var y = plan.Output;
        var clamp = plan.Layer.Clamp!;
        string id = plan.Id;
        int fullSlabs = g.OutPerGroup / g.SlabChannels;
        int edge = g.OutPerGroup % g.SlabChannels;
        int n = g.PaddedChannels;
        w.WriteLine("// Scalar: int loops over the quad panels, scalar epilogue");
        w.WriteLine($"[{Names.Optimized}]");
        w.Open($"private void Run{id}_Scalar(int begin, int end)");
        GemmLayerEmitter.OpenUnits(w, plan, ReductionLayout.Quads(g), GemmPath.ArenaSource);
        string channels = fullSlabs == 0 ? L(edge) : edge == 0 ? L(g.SlabChannels) : $"slab < {L(fullSlabs)} ? {L(g.SlabChannels)} : {L(edge)}";
        w.WriteLine($"int channels = {channels};");
        w.Open($"for (int ox = 0; ox < {L(y.Width)}; ox++)");
        w.WriteLine($"ref byte xp = ref {Names.Unsafe}.Add(ref xr, ox * {L(g.StrideW * g.SourceChannels)});");
        w.Open("for (int c = 0; c < channels; c++)");
        w.WriteLine($"ref sbyte wc = ref {Names.Unsafe}.Add(ref ws, (c >> 4) * {L(g.BlockBytes)} + (c & 15) * 4);");
        w.WriteLine("int sum = 0;");
        w.Open($"for (int sh = 0; sh < {L(g.SegmentsH)}; sh++)");
        w.Open($"for (int sw = 0; sw < {L(g.SegmentsW)}; sw++)");
        w.WriteLine($"ref byte xs = ref {Names.Unsafe}.Add(ref xp, sh * {L(g.SegmentStrideH)} + sw * {L(g.SegmentStrideW)});");
        w.WriteLine($"ref sbyte wsg = ref {Names.Unsafe}.Add(ref wc, (sh * {L(g.SegmentsW)} + sw) * {L(g.SegmentQuads * 64)});");
        w.Open($"for (int j = 0; j < {L(g.SegmentLength)}; j++)");
        w.WriteLine($"sum += {Names.Unsafe}.Add(ref xs, j) * {Names.Unsafe}.Add(ref wsg, (j >> 2) * 64 + (j & 3));");
        w.Close();
        w.Close();
        w.Close();
        w.WriteLine($"int acc = sum + {Names.Unsafe}.Add(ref es, c);");
        if (y.AccumulatorOffset >= 0)
        {
            w.WriteLine($"{Names.Unsafe}.Add(ref ar, ox * {L(y.Channels)} + c) = acc;");
        }

        w.WriteLine($"{Names.Unsafe}.Add(ref yr, ox * {L(y.Channels)} + c) = (byte){Names.Integer}.GemmEpilogue.Scalar(acc, {Names.Unsafe}.Add(ref es, {L(n)} + c), {Names.Unsafe}.Add(ref es, {L(2 * n)} + c), {L(y.ZeroPoint)}, {L(clamp.QMin)}, {L(clamp.QMax)});");
        w.Close();
        w.Close();
        w.Close();
        w.Close();
        w.WriteLine();
    }

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
