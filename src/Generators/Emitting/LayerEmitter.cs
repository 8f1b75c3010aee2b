using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>Emits one layer's file: a comment block describing the kernel, then the family's code.</summary>
internal static class LayerEmitter
{
    public static string Emit(LayerPlan plan)
    {
        var w = new SourceWriter();
        FileHeader.Open(w, plan.Namespace, $"partial class {plan.ClassName}", plan.ManifestFileName);
        WriteComment(w, plan);
        switch (plan.Family)
        {
            case KernelFamily.Int8:
                Int8Emitter.Emit(w, plan);
                break;
            case KernelFamily.Int16Accumulation:
                Int16AccumulationEmitter.Emit(w, plan);
                break;
            case KernelFamily.ProductTable:
                ProductTableEmitter.Emit(w, plan);
                break;
            case KernelFamily.BitPlane:
                BitPlaneEmitter.Emit(w, plan);
                break;
            case KernelFamily.Elementwise:
                ElementwiseEmitter.Emit(w, plan);
                break;
            case KernelFamily.Pooling:
                PoolingEmitter.Emit(w, plan);
                break;
            default:
                ReferenceEmitter.Emit(w, plan);
                break;
        }

        FileHeader.Close(w);
        return w.ToString();
    }

    private static void WriteComment(SourceWriter w, LayerPlan plan)
    {
        var layer = plan.Layer;
        w.WriteLine($"// ---- {plan.KernelName} ----");
        w.WriteLine($"// manifest layer {plan.Index} '{Literals.Comment(layer.Name)}' ({LayerOps.Name(layer.Op)}), family {plan.Family}");
        foreach (var input in plan.Inputs)
        {
            w.WriteLine($"// in  {Describe(input)}");
        }

        w.WriteLine($"// out {Describe(plan.Output)}");
        if (layer.Clamp is { } clamp)
        {
            w.WriteLine($"// clamp [{clamp.QMin}, {clamp.QMax}] on output codes (fused activation)");
        }

        if (plan.Gemm is { } g)
        {
            w.WriteLine($"// K = {g.ReductionSize} as {g.SegmentsH * g.SegmentsW} segment(s) of {g.SegmentLength} contiguous codes, {g.SegmentQuads} quad(s) each ({g.Quads} quads, zero weights past a segment's end)");
            w.WriteLine(g.Halo
                ? $"// source: zero-point-bordered copy {g.SourceHeight}x{g.SourceWidth}x{g.SourceChannels} at arena {g.SourceOffset} (no bounds checks)"
                : $"// source: the input tensor itself at arena {g.SourceOffset} (no padding)");
            if (plan.Tables is { } t)
            {
                w.WriteLine($"// bit-plane tables: {t.Height}x{t.Width} pixel(s) × {g.Groups} group(s) × {t.TablesPerGroup} table(s) of {t.GroupSize} codes ({(t.Words ? "int16" : "u8")} sums), each worker building the rows its output rows read into its own buffer; {t.Planes} weight bit plane(s)");
            }

            w.WriteLine(g.PairSumDepth >= 1 << 20
                ? "// int16 pair sums: unbounded depth (zero weights)"
                : $"// int16 pair sums: {g.PairSumDepth} per lane are safe (|x0·w0 + x1·w1| ≤ 2·(2^a − 1)·max|w|)");
            w.WriteLine($"// work units: {g.Groups * g.Slabs * plan.Output.Height} = {g.Groups} group(s) × {g.Slabs} slab(s) of {g.SlabChannels} channels × {plan.Output.Height} output row(s), {Gemm.GemmLayerEmitter.Order(g)}, split evenly across workers");
            w.WriteLine("// epilogue: + bias − z_x·Σw, per-channel Q31 multiplier and shift, single rounding half away from zero (FixedPointMultiplier), + z_y, clamp");
        }
    }

    private static string Describe(TensorPlan t)
    {
        string shape = t.Rank == 3 ? $"[{t.Channels}, {t.Height}, {t.Width}]" : $"[{t.Channels}]";
        return string.Format(CultureInfo.InvariantCulture, "'{0}' {1} u{2} scale {3} zp {4} at arena [{5}, +{6})",
            Literals.Comment(t.Id), shape, t.Bits, Literals.Float(t.Scale), t.ZeroPoint, t.Offset, t.Length);
    }
}
