using System.Reflection;
using System.Runtime.Intrinsics.X86;
using Specialized.Runtime.Kernels.Integer;

namespace Specialized.Benchmarks.Generator;

/// <summary>
/// The steps of a generated model's Run as separately callable delegates, found by the generated member names
/// (reflection is fine in a benchmark): input quantization, every layer (a conv/gemm layer is its bordered-input phase,
/// if it pads and its path reads the input, plus its kernel phase, through the model's worker pool), output conversion. Timing them one by one shows
/// where a Run's time goes; calling them in order is a Run.
/// </summary>
internal sealed class ModelSteps
{
    private delegate void InputStep(ReadOnlySpan<float> input);

    private delegate void OutputStep(Span<float> output);

    private readonly InputStep _quantize;
    private readonly OutputStep _write;

    private ModelSteps(IGeneratedModel model, InputStep quantize, OutputStep write, IReadOnlyList<(string Name, Action Run)> layers)
    {
        Model = model;
        _quantize = quantize;
        _write = write;
        Layers = layers;
    }

    public IGeneratedModel Model { get; }

    /// <summary>Per layer: its method name with the kernel name comment's family part, and the call.</summary>
    public IReadOnlyList<(string Name, Action Run)> Layers { get; }

    public void Quantize(ReadOnlySpan<float> input) => _quantize(input);

    public void Write(Span<float> output) => _write(output);

    public static ModelSteps Of(IGeneratedModel model)
    {
        var type = model.GetType();
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var quantize = type.GetMethod("QuantizeInput", flags)!.CreateDelegate<InputStep>(model);
        var write = type.GetMethod("WriteOutputs", flags)!.CreateDelegate<OutputStep>(model);
        var runPhase = type.GetMethod("RunPhase", flags)!.CreateDelegate<Action<int>>(model);
        var layers = new List<(string, Action)>();
        foreach (var method in type.GetMethods(flags).Where(m => m.Name.StartsWith("Layer", StringComparison.Ordinal)).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            int index = int.Parse(method.Name.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
            if (method.GetParameters().Length == 0)
            {
                layers.Add((method.Name, method.CreateDelegate<Action>(model)));
                continue;
            }

            // A bit-plane layer's kernel builds its own tables; its bordered-input phase runs only where that path does not.
            bool lookupPath = type.GetMethods(flags).Any(m =>
                (m.Name == $"Run{method.Name[5..]}_Avx512Permb" && Avx512Vbmi.IsSupported) || (m.Name == $"Run{method.Name[5..]}_Avx512Permw" && Avx512BW.IsSupported));
            bool prepare = type.GetMethod("CopyHalo" + method.Name[5..], flags) is not null && !lookupPath;
            layers.Add((method.Name, prepare
                ? () => { runPhase(2 * index); runPhase(2 * index + 1); }
                : () => runPhase(2 * index + 1)));
        }

        return new ModelSteps(model, quantize, write, layers);
    }
}
