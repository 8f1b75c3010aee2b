using System;
using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits a max pool as a parallel phase: this worker's output rows through the runtime's channel-vectorized
/// <c>CodeMaxPool</c> with the layer's literal geometry — exactly the reference's max over the taps inside the image.
/// </summary>
internal static class PoolingEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        if (plan.Layer.Op != LayerOp.MaxPool)
        {
            throw new InvalidOperationException($"Pooling emitter supports maxpool only, got {LayerOps.Name(plan.Layer.Op)} for layer {plan.Layer.Name}");
        }

        var x = plan.Inputs[0];
        var y = plan.Output;
        w.WriteLine($"/// <summary>{Literals.Comment(plan.KernelName)}: layer '{Literals.Comment(plan.Layer.Name)}', this worker's share of {y.Height} output rows.</summary>");
        w.Open($"private void {plan.MethodName}(int worker, int workers)");
        w.WriteLine($"int first = {L(y.Height)} * worker / workers;");
        w.WriteLine($"int end = {L(y.Height)} * (worker + 1) / workers;");
        w.WriteLine($"{Names.Integer}.CodeMaxPool.Rows(new {Names.ReadOnlySpan}<byte>(_arena, {L(x.Offset)}, {L(x.Length)}), {L(x.Height)}, {L(x.Width)}, {L(x.Channels)}, {ReferenceEmitter.Geometry(plan.Layer.Window!)}, new {Names.Span}<byte>(_arena, {L(y.Offset)}, {L(y.Length)}), first, end - first);");
        w.Close();
    }

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
