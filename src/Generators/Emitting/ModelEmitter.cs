using System.Globalization;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;
using Specialized.Manifest;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Emits the model class itself: arena and weight loading in the constructor, argument checks, input
/// quantization (NCHW float → NHWC codes), the layer calls in order, and the outputs back to NCHW floats.
/// </summary>
internal static class ModelEmitter
{
    public static string Emit(ModelPlan plan)
    {
        var w = new SourceWriter();
        string header = $"/// <summary>\n/// The quantized model '{Literals.Comment(plan.ModelName)}' compiled from {Literals.Comment(plan.ManifestFileName)}: one specialized kernel per layer.\n/// Not thread-safe: an instance owns one activation arena; use one instance per thread.\n/// </summary>\n"
            + $"[{Names.GeneratedCode}(\"{Names.GeneratorName}\", \"{Names.GeneratorVersion}\")]\n"
            + $"public sealed partial class {plan.ClassName} : {Names.Integer}.IGeneratedModel";
        FileHeader.Open(w, plan.Namespace, header, plan.ManifestFileName);
        EmitFields(w, plan);
        EmitConstructor(w, plan);
        EmitRun(w, plan);
        EmitQuantizeInput(w, plan);
        EmitWriteOutputs(w, plan);
        FileHeader.Close(w);
        return w.ToString();
    }

    private static void EmitFields(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine($"/// <summary>The embedded weights resource (Specialized.Generators.targets embeds the manifest's weights file under this name).</summary>");
        w.WriteLine($"public const string WeightsResourceName = {Literals.String(plan.ResourceName)};");
        w.WriteLine();
        w.WriteLine($"private static readonly {Names.Quantization}.ActivationQuantization InputQuantization = new({Literals.Float(plan.Input.Scale)}, {L(plan.Input.ZeroPoint)}, {L(plan.Input.Bits)});");
        w.WriteLine();
        w.WriteLine($"// Activation arena: every tensor's NHWC codes at an offset planned from tensor liveness ({plan.ArenaBytes} bytes).");
        w.WriteLine($"private readonly byte[] _arena = new byte[{L(plan.ArenaBytes)}];");
        w.WriteLine($"// im2col row of the SimdInt16 kernels (int16 operands, longest padded K).");
        w.WriteLine($"private readonly short[] _row = new short[{L(System.Math.Max(plan.RowLength, 1))}];");
        if (plan.AccumulatorInts > 0)
        {
            w.WriteLine($"// int32 accumulators of the outputs taken before requantization.");
            w.WriteLine($"private readonly int[] _accumulators = new int[{L(plan.AccumulatorInts)}];");
        }

        w.WriteLine();
        w.WriteLine($"/// <summary>Floats per image taken by Run: normalized NCHW {Shape(plan.Input)}.</summary>");
        w.WriteLine($"public int InputLength => {L(plan.InputLength)};");
        w.WriteLine();
        w.WriteLine("/// <summary>Floats per image written by Run: every output, concatenated in manifest order.</summary>");
        w.WriteLine($"public int OutputLength => {L(plan.OutputLength)};");
        w.WriteLine();
    }

    private static void EmitConstructor(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine("/// <summary>Loads the embedded weights once, checks their length and SHA-256, and unpacks them for the kernels.</summary>");
        w.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">The weights resource is missing or differs from the manifest.</exception>");
        w.Open($"public {plan.ClassName}()");
        w.WriteLine($"byte[] blob = {Names.Integer}.EmbeddedWeights.Load(typeof({plan.ClassName}).Assembly, WeightsResourceName, {plan.WeightsLength.ToString(CultureInfo.InvariantCulture)}L, {Literals.String(plan.WeightsSha256)});");
        foreach (var layer in plan.Layers)
        {
            if (layer.Family == KernelFamily.SimdInt16)
            {
                w.WriteLine($"Init{layer.MethodName.Substring("Layer".Length)}(blob);");
            }
        }

        w.Close();
        w.WriteLine();
    }

    private static void EmitRun(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine("/// <summary>Runs one image: normalized NCHW floats in, float outputs (bit-exact with the reference manifest executor). Allocates nothing.</summary>");
        w.WriteLine($"/// <exception cref=\"{Names.ArgumentException}\">A span has the wrong length.</exception>");
        w.Open($"public void Run({Names.ReadOnlySpan}<float> input, {Names.Span}<float> output)");
        w.Open($"if (input.Length != {L(plan.InputLength)})");
        w.WriteLine($"throw new {Names.ArgumentException}($\"input has {{input.Length}} values, the model takes {plan.InputLength} (normalized NCHW {Shape(plan.Input)})\", nameof(input));");
        w.Close();
        w.Open($"if (output.Length != {L(plan.OutputLength)})");
        w.WriteLine($"throw new {Names.ArgumentException}($\"output has room for {{output.Length}} values, the model writes {plan.OutputLength}\", nameof(output));");
        w.Close();
        w.WriteLine();
        w.WriteLine("QuantizeInput(input);");
        foreach (var layer in plan.Layers)
        {
            w.WriteLine($"{layer.MethodName}(); // {Literals.Comment(layer.Layer.Name)}: {layer.KernelName}");
        }

        w.WriteLine("WriteOutputs(output);");
        w.Close();
        w.WriteLine();
        w.WriteLine("/// <summary>Runs <paramref name=\"batchSize\"/> images stored one after another (each InputLength floats), writing OutputLength floats per image.</summary>");
        w.WriteLine($"/// <exception cref=\"{Names.ArgumentException}\">A span's length is not batchSize times the per-image length, or batchSize is negative.</exception>");
        w.Open($"public void Run({Names.ReadOnlySpan}<float> inputs, {Names.Span}<float> outputs, int batchSize)");
        w.Open("if (batchSize < 0)");
        w.WriteLine($"throw new {Names.ArgumentException}($\"batch size {{batchSize}} is negative\", nameof(batchSize));");
        w.Close();
        w.Open($"if ((long)inputs.Length != (long)batchSize * {L(plan.InputLength)})");
        w.WriteLine($"throw new {Names.ArgumentException}($\"inputs have {{inputs.Length}} values, {{batchSize}} images take {{(long)batchSize * {L(plan.InputLength)}}}\", nameof(inputs));");
        w.Close();
        w.Open($"if ((long)outputs.Length != (long)batchSize * {L(plan.OutputLength)})");
        w.WriteLine($"throw new {Names.ArgumentException}($\"outputs have room for {{outputs.Length}} values, {{batchSize}} images write {{(long)batchSize * {L(plan.OutputLength)}}}\", nameof(outputs));");
        w.Close();
        w.Open("for (int i = 0; i < batchSize; i++)");
        w.WriteLine($"Run(inputs.Slice(i * {L(plan.InputLength)}, {L(plan.InputLength)}), outputs.Slice(i * {L(plan.OutputLength)}, {L(plan.OutputLength)}));");
        w.Close();
        w.Close();
        w.WriteLine();
    }

    private static void EmitQuantizeInput(SourceWriter w, ModelPlan plan)
    {
        var t = plan.Input;
        int area = t.Height * t.Width;
        w.WriteLine("/// <summary>NCHW floats → NHWC codes of the input tensor (round half to even, clamp: ActivationQuantization).</summary>");
        w.Open($"private void QuantizeInput({Names.ReadOnlySpan}<float> input)");
        w.WriteLine($"{Names.Span}<byte> codes = new(_arena, {L(t.Offset)}, {L(t.Length)});");
        w.WriteLine("var quantization = InputQuantization;");
        w.Open($"for (int c = 0; c < {L(t.Channels)}; c++)");
        w.Open($"for (int p = 0; p < {L(area)}; p++)");
        w.WriteLine($"codes[p * {L(t.Channels)} + c] = (byte)quantization.Quantize(input[c * {L(area)} + p]);");
        w.Close();
        w.Close();
        w.Close();
        w.WriteLine();
    }

    private static void EmitWriteOutputs(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine("/// <summary>Outputs back to float in NCHW order: s·(q − z) of codes, or s_in·s_w[c]·acc of accumulators.</summary>");
        w.Open($"private void WriteOutputs({Names.Span}<float> output)");
        for (int i = 0; i < plan.Outputs.Count; i++)
        {
            var o = plan.Outputs[i];
            var t = o.Tensor;
            int area = t.Height * t.Width;
            w.Open($"// output {i}: '{Literals.Comment(t.Id)}' ({(o.Source == OutputSource.Codes ? "codes" : "accumulators")})");
            if (o.Source == OutputSource.Codes)
            {
                w.WriteLine($"{Names.ReadOnlySpan}<byte> codes = new(_arena, {L(t.Offset)}, {L(t.Length)});");
            }
            else
            {
                w.WriteLine($"{Names.ReadOnlySpan}<int> acc = new(_accumulators, {L(t.AccumulatorOffset)}, {L(t.Length)});");
                w.WriteLine($"{Names.ReadOnlySpan}<float> weightScales = {Literals.FloatArray(o.WeightScales)};");
            }

            w.Open($"for (int c = 0; c < {L(t.Channels)}; c++)");
            if (o.Source == OutputSource.Accumulators)
            {
                w.WriteLine("// One rounding to float of the exact-in-double product, as the reference executor does.");
                w.WriteLine($"double scale = (double){Literals.Float(o.InputScale)} * weightScales[c];");
            }

            w.Open($"for (int p = 0; p < {L(area)}; p++)");
            w.WriteLine(o.Source == OutputSource.Codes
                ? $"output[{L(o.Offset)} + c * {L(area)} + p] = {Literals.Float(t.Scale)} * (codes[p * {L(t.Channels)} + c] - {L(t.ZeroPoint)});"
                : $"output[{L(o.Offset)} + c * {L(area)} + p] = (float)(acc[p * {L(t.Channels)} + c] * scale);");
            w.Close();
            w.Close();
            w.Close();
        }

        w.Close();
    }

    private static string Shape(TensorPlan t) => t.Rank == 3 ? $"[{t.Channels}, {t.Height}, {t.Width}]" : $"[{t.Channels}]";

    private static string L(int value) => value.ToString(CultureInfo.InvariantCulture);
}
