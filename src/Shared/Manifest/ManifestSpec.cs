namespace Specialized.Manifest;

// Caching contract: every type here is immutable with structural (value) equality and holds no Roslyn type, so the
// generator can cache pipeline steps on it. Arrays are EquatableArray<T>; never add a plain array or list.

/// <summary>
/// One quantized model (manifest formatVersion 1): what the allocator writes, the reference executor runs and the
/// generator compiles. Semantics of every field: docs/manifest.md.
/// </summary>
public sealed record ManifestSpec(
    int FormatVersion,
    string Name,
    string? Namespace,
    InputSpec Input,
    EquatableArray<TensorSpec> Tensors,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<OutputSpec> Outputs,
    WeightsFileSpec Weights)
{
    /// <summary>The only format version this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The tensor with id <paramref name="id"/>, or null.</summary>
    public TensorSpec? FindTensor(string id)
    {
        foreach (var tensor in Tensors)
        {
            if (tensor.Id == id)
            {
                return tensor;
            }
        }

        return null;
    }
}

/// <summary>The model input: its tensor (shape [C,H,W] per image, quantization) and the per-channel normalization the model expects of raw pixels in [0,1].</summary>
public sealed record InputSpec(string Tensor, EquatableArray<float> Mean, EquatableArray<float> Std);

/// <summary>
/// One integer activation tensor: shape per image ([C,H,W] stored NHWC, or [F]), and its asymmetric unsigned
/// quantization <c>real = Scale·(q − ZeroPoint)</c>, q ∈ [0, 2^Bits − 1].
/// </summary>
public sealed record TensorSpec(string Id, EquatableArray<int> Shape, int Bits, float Scale, int ZeroPoint)
{
    public int ElementCount
    {
        get
        {
            int count = 1;
            foreach (int dim in Shape)
            {
                count *= dim;
            }

            return count;
        }
    }

    /// <summary>Channels: Shape[0] (features for a rank-1 tensor).</summary>
    public int Channels => Shape[0];

    public int Height => Shape.Count == 3 ? Shape[1] : 1;

    public int Width => Shape.Count == 3 ? Shape[2] : 1;
}

/// <summary>The supported layer ops (JSON names in <see cref="LayerOps"/>).</summary>
public enum LayerOp
{
    Conv,
    Gemm,
    Add,
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    Flatten,
    Concat,
    Clamp,
}

/// <summary>JSON names of <see cref="LayerOp"/>.</summary>
public static class LayerOps
{
    public static string Name(LayerOp op) => op switch
    {
        LayerOp.Conv => "conv",
        LayerOp.Gemm => "gemm",
        LayerOp.Add => "add",
        LayerOp.MaxPool => "maxpool",
        LayerOp.AvgPool => "avgpool",
        LayerOp.GlobalAvgPool => "globalavgpool",
        LayerOp.Flatten => "flatten",
        LayerOp.Concat => "concat",
        _ => "clamp",
    };

    public static bool TryParse(string name, out LayerOp op)
    {
        for (op = LayerOp.Conv; op <= LayerOp.Clamp; op++)
        {
            if (Name(op) == name)
            {
                return true;
            }
        }

        op = default;
        return false;
    }
}

/// <summary>
/// One layer, in topological order. Which optional parts are present depends on <see cref="Op"/>:
/// conv: Window (with Groups), Clamp, Weights; gemm: Clamp, Weights; add: Clamp, Rescale;
/// maxpool/avgpool: Window (avgpool also CountIncludePad); clamp: Clamp; globalavgpool, flatten, concat: none.
/// <see cref="KernelFamily"/> (any op, optional) is the generator kernel family a tuning step measured fastest for
/// this layer on the target machine (<c>specialized tune</c>); null leaves the choice to the generator's heuristic.
/// It does not change what the layer computes, only how the generated code computes it.
/// </summary>
public sealed record LayerSpec(
    string Name,
    LayerOp Op,
    EquatableArray<string> Inputs,
    string Output,
    WindowSpec? Window,
    ClampSpec? Clamp,
    LayerWeightsSpec? Weights,
    AddRescaleSpec? Rescale,
    string? KernelFamily = null);

/// <summary>Geometry of a convolution or pool window. Pads are top, left, bottom, right (ONNX order).</summary>
public sealed record WindowSpec(
    int KernelH, int KernelW,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH, int DilationW,
    int Groups,
    bool CeilMode,
    bool CountIncludePad);

/// <summary>The fused activation as a clamp on the output codes: <c>q = clamp(q, QMin, QMax)</c>.</summary>
public sealed record ClampSpec(int QMin, int QMax);

/// <summary>
/// Quantized parameters of a conv or gemm. Per output channel c: weight scale <c>WeightScales[c]</c>, int32 bias
/// <c>Bias[c]</c> at scale s_in·s_w[c], requantization <c>(Multipliers[c], Shifts[c])</c> representing
/// s_in·s_w[c]/s_out = M·2^(shift − 31). Packed weights: <see cref="Blob"/>, split by <see cref="ChannelGroups"/>
/// (always at least one group; a manifest without channelGroups has one group of all channels at WeightBits).
/// </summary>
public sealed record LayerWeightsSpec(
    int WeightBits,
    EquatableArray<float> WeightScales,
    EquatableArray<int> Bias,
    EquatableArray<int> Multipliers,
    EquatableArray<int> Shifts,
    BlobRange Blob,
    EquatableArray<ChannelGroupSpec> ChannelGroups,
    EquatableArray<int> Codebook,
    bool ExplicitChannelGroups);

/// <summary>A run of output channels [First, First + Count) whose weights are packed at WeightBits in the blob range [Offset, Offset + Length).</summary>
public sealed record ChannelGroupSpec(int First, int Count, int WeightBits, long Offset, long Length);

/// <summary>A byte range of the weights file.</summary>
public sealed record BlobRange(long Offset, long Length);

/// <summary>The integers of a quantized add (<c>AddRescale</c>): left/right multipliers over a shared right shift.</summary>
public sealed record AddRescaleSpec(int LeftMultiplier, int RightMultiplier, int Shift);

/// <summary>How a model output becomes float.</summary>
public enum OutputSource
{
    /// <summary><c>Scale·(q − ZeroPoint)</c> of the tensor's codes.</summary>
    Codes,

    /// <summary>The producing conv/gemm's int32 accumulators times s_in·s_w[c] (no requantization, no output rounding).</summary>
    Accumulators,
}

/// <summary>One model output: a tensor and how it is turned into float (NCHW order for [C,H,W] tensors).</summary>
public sealed record OutputSpec(string Tensor, OutputSource Source);

/// <summary>The packed weights file: name (relative to the manifest's folder), length in bytes and lowercase hex SHA-256.</summary>
public sealed record WeightsFileSpec(string File, long Length, string Sha256);
