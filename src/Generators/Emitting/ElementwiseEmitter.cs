using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits a quantized residual add: <c>y = clamp(z_y + AddRescale(a − z_a, b − z_b))</c> through the runtime's
/// vectorized <c>CodeAdd</c> (two Q multipliers over one shared shift, round half away from zero, exactly the
/// reference's <c>AddRescale.Apply</c>), as a parallel phase.
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
        int length = y.Length;
        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(plan.Layer.Name)}' = '{Literals.Comment(a.Id)}' + '{Literals.Comment(b.Id)}', this worker's share of {length} codes (64-code chunks).</summary>");
        w.Open($"private void {plan.MethodName}(int worker, int workers)");
        w.WriteLine($"int first = (int)((long){L(Chunks(length))} * worker / workers) * {L(Chunk)};");
        w.WriteLine($"int end = {Names.Math}.Min((int)((long){L(Chunks(length))} * (worker + 1) / workers) * {L(Chunk)}, {L(length)});");
        w.WriteLine($"var rescale = new {Names.Reference}.AddRescale({L(rescale.LeftMultiplier)}, {L(rescale.RightMultiplier)}, {L(rescale.Shift)});");
        w.WriteLine($"{Names.Integer}.CodeAdd.Run(new {Names.ReadOnlySpan}<byte>(_arena, {L(a.Offset)}, {L(length)}), {L(a.ZeroPoint)}, new {Names.ReadOnlySpan}<byte>(_arena, {L(b.Offset)}, {L(length)}), {L(b.ZeroPoint)}, rescale, {L(y.ZeroPoint)}, {L(clamp.QMin)}, {L(clamp.QMax)}, new {Names.Span}<byte>(_arena, {L(y.Offset)}, {L(length)}), first, end - first);");
        w.Close();
    }

    /// <summary>Codes per unit of work: workers' ranges start on cache lines.</summary>
    private const int Chunk = 64;

    private static int Chunks(int length) => (length + Chunk - 1) / Chunk;

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
