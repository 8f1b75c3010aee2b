using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits memory-bound layers as calls to the runtime's reference integer kernels with literal arguments (average
/// pools, clamp) or as literal copies (flatten, concat). The same code as the oracle, so bit-exact by construction.
/// </summary>
internal static class ReferenceEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        var layer = plan.Layer;
        var x = plan.Inputs[0];
        var y = plan.Output;
        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(layer.Name)}'.</summary>");
        w.Open($"private void {plan.MethodName}()");
        if (layer.Op != LayerOp.Concat)
        {
            w.WriteLine($"{Names.ReadOnlySpan}<byte> x = new(_arena, {L(x.Offset)}, {L(x.Length)});");
        }

        w.WriteLine($"{Names.Span}<byte> y = new(_arena, {L(y.Offset)}, {L(y.Length)});");
        switch (layer.Op)
        {
            case LayerOp.AvgPool:
                w.WriteLine($"{Names.Reference}.IntegerReference.AveragePool2d(x, 1, {L(x.Height)}, {L(x.Width)}, {L(x.Channels)}, {Geometry(layer.Window!)}, {Literals.Bool(layer.Window!.CountIncludePad)}, {L(x.ZeroPoint)}, y);");
                break;
            case LayerOp.GlobalAvgPool:
                w.WriteLine($"{Names.Reference}.IntegerReference.GlobalAveragePool(x, 1, {L(x.Height)}, {L(x.Width)}, {L(x.Channels)}, {L(x.ZeroPoint)}, y);");
                break;
            case LayerOp.Clamp:
                w.WriteLine($"{Names.Reference}.IntegerReference.Clamp(x, {L(layer.Clamp!.QMin)}, {L(layer.Clamp.QMax)}, y);");
                break;
            case LayerOp.Flatten:
                w.WriteLine("// NHWC codes flatten in (h, w, c) order; the manifest's gemm columns are in that order too.");
                w.WriteLine("x.CopyTo(y);");
                break;
            case LayerOp.Concat:
                EmitConcat(w, plan);
                break;
            default:
                throw new InvalidOperationException($"Reference emitter got op {LayerOps.Name(layer.Op)} for layer {layer.Name}");
        }

        w.Close();
    }

    private static void EmitConcat(SourceWriter w, LayerPlan plan)
    {
        var y = plan.Output;
        int area = y.Height * y.Width;
        w.WriteLine("// Channel concatenation on NHWC: per pixel, each input's channels in input order.");
        w.Open($"for (int p = 0; p < {L(area)}; p++)");
        int at = 0;
        foreach (var input in plan.Inputs)
        {
            w.WriteLine($"new {Names.ReadOnlySpan}<byte>(_arena, {L(input.Offset)} + p * {L(input.Channels)}, {L(input.Channels)}).CopyTo(y.Slice(p * {L(y.Channels)} + {L(at)}));");
            at += input.Channels;
        }

        w.Close();
    }

    /// <summary>A <c>Pool2dGeometry</c> constructor call with the window's literals.</summary>
    public static string Geometry(WindowSpec g) =>
        $"new {Names.Graph}.Pool2dGeometry({L(g.KernelH)}, {L(g.KernelW)}, {L(g.StrideH)}, {L(g.StrideW)}, {L(g.PadTop)}, {L(g.PadLeft)}, {L(g.PadBottom)}, {L(g.PadRight)}, {L(g.DilationH)}, {L(g.DilationW)}, {Literals.Bool(g.CeilMode)})";

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
