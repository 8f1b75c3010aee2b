using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits a quantized residual add: <c>y = clamp(z_y + AddRescale(a − z_a, b − z_b))</c> with the runtime's
/// <c>AddRescale</c> (two Q multipliers over one shared shift, round half away from zero).
/// </summary>
internal static class ElementwiseEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        if (plan.Layer.Op != LayerOp.Add || plan.Inputs.Count != 2)
        {
            throw new InvalidOperationException($"Elementwise emitter supports add only, got {LayerOps.Name(plan.Layer.Op)} for layer {plan.Layer.Name}");
        }

        var a = plan.Inputs[0];
        var b = plan.Inputs[1];
        var y = plan.Output;
        var rescale = plan.Layer.Rescale!;
        var clamp = plan.Layer.Clamp!;
        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(plan.Layer.Name)}' = '{Literals.Comment(a.Id)}' + '{Literals.Comment(b.Id)}'.</summary>");
        w.Open($"private void {plan.MethodName}()");
        w.WriteLine($"{Names.ReadOnlySpan}<byte> a = new(_arena, {L(a.Offset)}, {L(a.Length)});");
        w.WriteLine($"{Names.ReadOnlySpan}<byte> b = new(_arena, {L(b.Offset)}, {L(b.Length)});");
        w.WriteLine($"{Names.Span}<byte> y = new(_arena, {L(y.Offset)}, {L(y.Length)});");
        w.WriteLine($"var rescale = new {Names.Reference}.AddRescale({L(rescale.LeftMultiplier)}, {L(rescale.RightMultiplier)}, {L(rescale.Shift)});");
        w.Open($"for (int i = 0; i < {L(y.Length)}; i++)");
        w.WriteLine($"y[i] = (byte){Names.Math}.Clamp({L(y.ZeroPoint)} + rescale.Apply(a[i] - {L(a.ZeroPoint)}, b[i] - {L(b.ZeroPoint)}), {L(clamp.QMin)}L, {L(clamp.QMax)}L);");
        w.Close();
        w.Close();
    }

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
