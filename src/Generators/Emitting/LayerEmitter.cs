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
            case KernelFamily.SimdInt16:
                SimdInt16Emitter.Emit(w, plan);
                break;
            case KernelFamily.Elementwise:
                ElementwiseEmitter.Emit(w, plan);
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

        if (plan.Family == KernelFamily.SimdInt16)
        {
            w.WriteLine($"// K = {plan.ReductionSize} padded to {plan.PaddedReductionSize}; register tile {plan.TileRows} pixel(s) x {plan.TileChannels} channels (edges: straight-line 1-pixel / 1-channel tiles); int32 accumulation");
            w.WriteLine("// requantization: per-channel Q31 multiplier and shift, single rounding half away from zero (FixedPointMultiplier)");
        }
    }

    private static string Describe(TensorPlan t)
    {
        string shape = t.Rank == 3 ? $"[{t.Channels}, {t.Height}, {t.Width}]" : $"[{t.Channels}]";
        return string.Format(CultureInfo.InvariantCulture, "'{0}' {1} u{2} scale {3} zp {4} at arena [{5}, +{6})",
            Literals.Comment(t.Id), shape, t.Bits, Literals.Float(t.Scale), t.ZeroPoint, t.Offset, t.Length);
    }
}
