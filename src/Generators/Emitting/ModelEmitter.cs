using System.Globalization;
using System.Linq;
using Specialized.Generators.Emitting.Gemm;
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
        string header = $"/// <summary>\n/// The quantized model '{Literals.Comment(plan.ModelName)}' compiled from {Literals.Comment(plan.ManifestFileName)}: one specialized kernel per layer.\n/// Not thread-safe: an instance owns one activation arena; use one instance per thread. Its conv/gemm, add and max pool\n/// layers run on <see cref=\"ThreadCount\"/> threads (the caller plus a private worker pool); dispose it to stop the workers.\n/// </summary>\n"
            + $"[{Names.GeneratedCode}(\"{Names.GeneratorName}\", \"{Names.GeneratorVersion}\")]\n"
            + $"public sealed partial class {plan.ClassName} : {Names.Integer}.IGeneratedModel, {Names.Kernels}.IParallelWork";
        FileHeader.Open(w, plan.Namespace, header, plan.ManifestFileName);
        EmitFields(w, plan);
        EmitConstructor(w, plan);
        EmitRun(w, plan);
        EmitPhases(w, plan);
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
        w.WriteLine("// Workers of the conv/gemm phases (null with one thread) and the phase they are running.");
        w.WriteLine($"private readonly {Names.Kernels}.WorkerPool? _pool;");
        w.WriteLine("private int _phase;");
        if (plan.AccumulatorInts > 0)
        {
            w.WriteLine($"// int32 accumulators of the outputs taken before requantization.");
            w.WriteLine($"private readonly int[] _accumulators = new int[{L(plan.AccumulatorInts)}];");
        }

        if (TableBytes(plan) > 0)
        {
            w.WriteLine($"// Per worker: the bit-plane lookup tables it builds for its own output rows ({TableBytes(plan)} bytes, the largest layer's grid, 64-byte aligned from _tablesAt).");
            w.WriteLine("private readonly byte[][] _tables;");
            w.WriteLine("private readonly int[] _tablesAt;");
        }

        w.WriteLine();
        w.WriteLine($"/// <summary>Floats per image taken by Run: normalized NCHW {Shape(plan.Input)}.</summary>");
        w.WriteLine($"public int InputLength => {L(plan.InputLength)};");
        w.WriteLine();
        w.WriteLine("/// <summary>Floats per image written by Run: every output, concatenated in manifest order.</summary>");
        w.WriteLine($"public int OutputLength => {L(plan.OutputLength)};");
        w.WriteLine();
        w.WriteLine("/// <summary>Threads a Run uses for the conv/gemm layers (the calling thread is one of them).</summary>");
        w.WriteLine("public int ThreadCount { get; }");
        w.WriteLine();
    }

    private static void EmitConstructor(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine("/// <summary>A single-threaded model: <c>this(1)</c>.</summary>");
        w.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">The weights resource is missing or differs from the manifest.</exception>");
        w.Open($"public {plan.ClassName}()\n    : this(1)");
        w.Close();
        w.WriteLine();
        w.WriteLine("/// <summary>Loads the embedded weights once, checks their length and SHA-256, reorders them for the kernels, and starts <paramref name=\"threadCount\"/> − 1 worker threads.</summary>");
        w.WriteLine("/// <param name=\"threadCount\">Threads per Run, the caller included (1: no worker threads).</param>");
        w.WriteLine("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"threadCount\"/> is less than 1.</exception>");
        w.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">The weights resource is missing or differs from the manifest.</exception>");
        w.Open($"public {plan.ClassName}(int threadCount)");
        w.WriteLine("global::System.ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);");
        w.WriteLine($"byte[] blob = {Names.Integer}.EmbeddedWeights.Load(typeof({plan.ClassName}).Assembly, WeightsResourceName, {plan.WeightsLength.ToString(CultureInfo.InvariantCulture)}L, {Literals.String(plan.WeightsSha256)});");
        foreach (var layer in plan.Layers)
        {
            if (layer.IsGemm)
            {
                w.WriteLine($"Init{layer.Id}(blob);");
            }
        }

        w.WriteLine("ThreadCount = threadCount;");
        if (TableBytes(plan) > 0)
        {
            w.WriteLine("_tables = new byte[threadCount][];");
            w.WriteLine("_tablesAt = new int[threadCount];");
            w.Open("for (int worker = 0; worker < threadCount; worker++)");
            w.WriteLine($"_tables[worker] = {Names.Integer}.QuadPanels.AllocateAligned<byte>({L(TableBytes(plan))}, out _tablesAt[worker]);");
            w.Close();
        }

        w.WriteLine($"_pool = threadCount > 1 ? new {Names.Kernels}.WorkerPool(threadCount) : null;");
        w.Close();
        w.WriteLine();
        w.WriteLine("/// <summary>Stops the worker threads (nothing to do with one thread). The model must not run afterwards.</summary>");
        w.WriteLine("public void Dispose() => _pool?.Dispose();");
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
            if (layer.IsParallel)
            {
                if (layer.PrepareMethod is not null)
                {
                    w.WriteLine(layer.Tables is { } tables
                        ? $"if (!{BitPlanePath.GuardOf(tables)}) RunPhase({L(HaloPhase(layer))}); // {Literals.Comment(layer.Layer.Name)}: bordered input, where the lookup path does not run"
                        : $"RunPhase({L(HaloPhase(layer))}); // {Literals.Comment(layer.Layer.Name)}: bordered input");
                }

                w.WriteLine($"RunPhase({L(LayerPhase(layer))}); // {Literals.Comment(layer.Layer.Name)}: {layer.KernelName}");
            }
            else
            {
                w.WriteLine($"{layer.MethodName}(); // {Literals.Comment(layer.Layer.Name)}: {layer.KernelName}");
            }
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

    /// <summary>Bytes of each worker's table buffer: the largest bit-plane layer's tables (0 without such layers).</summary>
    private static int TableBytes(ModelPlan plan) =>
        plan.Layers.Select(l => l.Tables is { } t ? t.Length(l.Gemm!.Groups) : 0).DefaultIfEmpty(0).Max();

    /// <summary>Phase ids: two per layer, the preparation (bordered-input copy, 2i) and the kernel (2i + 1).</summary>
    private static int HaloPhase(LayerPlan layer) => 2 * layer.Index;

    private static int LayerPhase(LayerPlan layer) => 2 * layer.Index + 1;

    private static void EmitPhases(SourceWriter w, ModelPlan plan)
    {
        w.WriteLine("/// <summary>Runs one parallel phase: on this thread alone, or on every worker of the pool (no allocation: the model is the work item).</summary>");
        w.Open("private void RunPhase(int phase)");
        w.Open("if (_pool is null)");
        w.WriteLine("Execute(phase, 0, 1);");
        w.WriteLine("return;");
        w.Close();
        w.WriteLine();
        w.WriteLine("_phase = phase;");
        w.WriteLine("_pool.Run(this);");
        w.Close();
        w.WriteLine();
        w.WriteLine($"void {Names.Kernels}.IParallelWork.Execute(int worker, int workerCount) => Execute(_phase, worker, workerCount);");
        w.WriteLine();
        w.Open("private void Execute(int phase, int worker, int workers)");
        w.Open("switch (phase)");
        foreach (var layer in plan.Layers)
        {
            if (!layer.IsParallel)
            {
                continue;
            }

            if (layer.PrepareMethod is { } prepare)
            {
                w.WriteLine($"case {L(HaloPhase(layer))}: {prepare}(worker, workers); break;");
            }

            w.WriteLine($"case {L(LayerPhase(layer))}: {layer.MethodName}(worker, workers); break;");
        }

        w.WriteLine("default: throw new global::System.ArgumentOutOfRangeException(nameof(phase));");

        w.Close();
        w.Close();
        w.WriteLine();
    }

    private static void EmitQuantizeInput(SourceWriter w, ModelPlan plan)
    {
        var t = plan.Input;
        int area = t.Height * t.Width;
        w.WriteLine("/// <summary>NCHW floats → NHWC codes of the input tensor (round half to even, clamp: ActivationQuantization, vectorized by InputCodes).</summary>");
        w.Open($"private void QuantizeInput({Names.ReadOnlySpan}<float> input)");
        w.WriteLine($"{Names.Integer}.InputCodes.Quantize(input, {L(t.Channels)}, {L(area)}, InputQuantization, new {Names.Span}<byte>(_arena, {L(t.Offset)}, {L(t.Length)}), 0, {L(area)});");
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
