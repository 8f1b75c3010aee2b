using Specialized.Manifest;

namespace Specialized.Generators.Model;

/// <summary>
/// Which emitter writes a layer. The seam for further families (lookup tables): add a member, an emitter class
/// (conv/gemm families list their <c>GemmPath</c>s on the shared <c>GemmLayerEmitter</c> structure), and its rules in
/// <c>Planning.FamilyRules</c>. The member names are the manifest's <c>kernelFamily</c> values.
/// </summary>
internal enum KernelFamily
{
    /// <summary>Conv/gemm, family (a): u8 × s8 products into int32 every quad (vpmaddubsw → vpmaddwd, or AvxVnni
    /// vpdpbusd), for width pairs where int16 partial sums are not safe.</summary>
    Int8,

    /// <summary>Conv/gemm, family (b): vpmaddubsw pair sums accumulated in int16 for a proven-safe number of quads,
    /// widened with vpmaddwd only then (sub-byte widths).</summary>
    Int16Accumulation,

    /// <summary>Conv/gemm, family (c): DeepGEMM product tables — every weight level × activation code product
    /// precomputed as int8 and looked up 64 at a time (vpshufb or vpermi2b), for width pairs whose index fits 6 bits
    /// and whose products fit int8; codebooks are just other table contents.</summary>
    ProductTable,

    /// <summary>Conv/gemm, family (d): T-MAC bit-plane tables — per input pixel and run of 5–6 input codes the sums
    /// of every subset, looked up by weight bit planes for 32 channels at a time (vpermb into u8 tables for
    /// activations of ≤ 5 bits, vpermw into int16 tables above), for 1–4-bit uniform weights.</summary>
    BitPlane,

    /// <summary>Quantized add through the runtime's vectorized <c>CodeAdd</c> with literal constants, a parallel phase
    /// (element range split across workers).</summary>
    Elementwise,

    /// <summary>Max pool through the runtime's channel-vectorized <c>CodeMaxPool</c> with literal geometry, a
    /// parallel phase (output rows split across workers).</summary>
    Pooling,

    /// <summary>A call to the runtime's reference integer kernel (average pools, clamp) or a plain copy (flatten,
    /// concat): memory-bound ops too small in the models we measure to be worth more yet.</summary>
    Reference,
}

/// <summary>An activation tensor and where it lives: bytes [Offset, Offset + Length) of the arena (NHWC codes),
/// and, when a model output takes its int32 accumulators, ints [AccumulatorOffset, +Length) of the accumulator arena.</summary>
internal sealed record TensorPlan(
    string Id, int Channels, int Height, int Width, int Rank, int Bits, float Scale, int ZeroPoint,
    int Offset, int Length, int AccumulatorOffset);

/// <summary>
/// Everything needed to emit one layer's file: the layer, its tensors, and the kernel decisions. It repeats the
/// class and namespace so each layer is emitted independently (a change to one layer re-emits only its file).
/// </summary>
internal sealed record LayerPlan(
    string ManifestFileName,
    string Namespace,
    string ClassName,
    int Index,
    LayerSpec Layer,
    EquatableArray<TensorPlan> Inputs,
    TensorPlan Output,
    KernelFamily Family,
    string KernelName,
    GemmPlan? Gemm,
    BitPlaneTables? Tables = null)
{
    /// <summary>The layer's index as it appears in member names: three digits.</summary>
    public string Id => Index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The layer's method in the generated class: <c>Layer{Index:D3}</c>.</summary>
    public string MethodName => "Layer" + Id;

    /// <summary>True for the conv/gemm families: a <see cref="Gemm"/> plan, weights to initialize, a parallel phase.</summary>
    public bool IsGemm => Gemm is not null;

    /// <summary>The method of the layer's preparation phase (run before its kernel phase): the bordered input of a
    /// padded conv; null when there is none. A bit-plane layer runs it only where its own path does not (that path
    /// reads tables it builds in the kernel phase).</summary>
    public string? PrepareMethod => Gemm is { Halo: true } ? "CopyHalo" + Id : null;

    /// <summary>True when the layer's method is <c>(int worker, int workers)</c> and runs as a phase on the worker pool.</summary>
    public bool IsParallel => IsGemm || Family is KernelFamily.Elementwise or KernelFamily.Pooling;

    /// <summary>The hint name of the layer's file; the kernel name in it lets tools see the family at a glance.</summary>
    public string HintName => $"{Namespace}.{ClassName}.{MethodName}.{KernelName}.g.cs";
}

/// <summary>An output: its tensor, whether it takes accumulators, where its floats go in the output span, and
/// (for accumulators) the producing layer's input scale and weight scales.</summary>
internal sealed record OutputPlan(TensorPlan Tensor, OutputSource Source, int Offset, float InputScale, EquatableArray<float> WeightScales);

/// <summary>The whole model: names, weights resource, arena sizes, layers and outputs.</summary>
internal sealed record ModelPlan(
    string ManifestFileName,
    string Namespace,
    string ClassName,
    string ModelName,
    string ResourceName,
    long WeightsLength,
    string WeightsSha256,
    TensorPlan Input,
    int InputLength,
    int OutputLength,
    int ArenaBytes,
    int AccumulatorInts,
    EquatableArray<LayerPlan> Layers,
    EquatableArray<OutputPlan> Outputs);
