using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Manifest;
using Specialized.Runtime.Tensors;

namespace Specialized.Runtime.Execution;

/// <summary>
/// Runs a quantized model from its manifest and weights blob with the scalar <see cref="Reference.IntegerReference"/>
/// kernels only: the oracle every generated kernel is compared with bit for bit. Simple on purpose: one kernel
/// call per layer, fresh buffers per image, weights unpacked once at load.
/// </summary>
/// <remarks>
/// Per image: the normalized NCHW float input is quantized to the input tensor's codes (NHWC, round half to even),
/// every layer runs in manifest order on codes, and each output becomes float — <c>s·(q − z)</c> for "codes", or
/// the producing layer's int32 accumulators times s_in·s_w[c] for "accumulators" — written back in NCHW order.
/// Outputs are concatenated in manifest order. Semantics: docs/manifest.md.
/// </remarks>
public sealed partial class ManifestExecutor
{
    /// <summary>Largest activation tensor accepted (elements per image), so a manifest cannot make us allocate without bound.</summary>
    public const int MaxTensorElements = 1 << 28;

    private readonly Dictionary<string, TensorSpec> _tensors;
    private readonly Dictionary<string, LayerWeights> _weights = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accumulatorOutputs;

    private ManifestExecutor(ManifestSpec spec, ReadOnlySpan<byte> blob, string sourceName)
    {
        Spec = spec;
        SourceName = sourceName;
        _tensors = spec.Tensors.ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var tensor in spec.Tensors)
        {
            if (tensor.ElementCount > MaxTensorElements)
            {
                throw new ManifestException(sourceName, $"tensor '{tensor.Id}' has {tensor.ElementCount} elements, more than the {MaxTensorElements} this executor accepts");
            }
        }

        foreach (var layer in spec.Layers)
        {
            if (layer.Weights is { } weights)
            {
                _weights[layer.Name] = LayerWeights.Unpack(weights, ReductionSize(layer), blob);
            }
        }

        var input = _tensors[spec.Input.Tensor];
        InputShape = input.Shape.ToArray();
        InputLength = input.ElementCount;
        OutputLength = spec.Outputs.Sum(o => _tensors[o.Tensor].ElementCount);
        _accumulatorOutputs = spec.Outputs.Where(o => o.Source == OutputSource.Accumulators).Select(o => o.Tensor).ToHashSet(StringComparer.Ordinal);
    }

    public ManifestSpec Spec { get; }

    /// <summary>The manifest file (or the name given to <see cref="Create"/>), for messages.</summary>
    public string SourceName { get; }

    /// <summary>Per-image input shape [C, H, W] (or [F]).</summary>
    public IReadOnlyList<int> InputShape { get; }

    public int InputLength { get; }

    /// <summary>Floats per image written by <see cref="Run(ReadOnlySpan{float}, Span{float})"/>: all outputs, concatenated.</summary>
    public int OutputLength { get; }

    /// <summary>Loads a manifest and its weights file (verified by length and SHA-256) and unpacks the weights.</summary>
    /// <exception cref="ManifestException">The manifest is invalid or the blob does not match it.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static ManifestExecutor Load(string manifestPath)
    {
        var loaded = ManifestFile.Load(manifestPath);
        return new ManifestExecutor(loaded.Spec, loaded.Blob, loaded.SourceName);
    }

    /// <summary>
    /// An executor for an in-memory spec and blob. The spec is validated exactly as a file would be (it is written
    /// and parsed again), so a spec built in code cannot bypass the manifest's consistency rules; the blob is checked
    /// against the spec's length and SHA-256.
    /// </summary>
    /// <exception cref="ManifestException">The spec is inconsistent or the blob does not match it.</exception>
    public static ManifestExecutor Create(ManifestSpec spec, ReadOnlySpan<byte> blob, string sourceName = "manifest")
    {
        ArgumentNullException.ThrowIfNull(spec);
        ManifestException.ThrowIfFailed(ManifestParser.Parse(ManifestWriter.Write(spec)), sourceName);
        ManifestFile.VerifyBlob(spec, blob, sourceName);
        return new ManifestExecutor(spec, blob, sourceName);
    }

    /// <summary>Runs one image: <paramref name="image"/> is normalized float NCHW of <see cref="InputLength"/> values.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ManifestException">A layer cannot run (e.g. an accumulator overflows int32); names the layer.</exception>
    public void Run(ReadOnlySpan<float> image, Span<float> output)
    {
        if (image.Length != InputLength)
        {
            throw new ArgumentException($"{SourceName}: input has {image.Length} values, the model takes {InputLength} ({ShapeText.Format(InputShape)})", nameof(image));
        }

        if (output.Length != OutputLength)
        {
            throw new ArgumentException($"{SourceName}: output has room for {output.Length} values, the model writes {OutputLength}", nameof(output));
        }

        var codes = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Spec.Input.Tensor] = QuantizeInput(image) };
        var accumulators = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var layer in Spec.Layers)
        {
            try
            {
                codes[layer.Output] = RunLayer(layer, codes, accumulators);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                throw new ManifestException(SourceName, $"layer '{layer.Name}' ({LayerOps.Name(layer.Op)}): {e.Message}", inner: e);
            }
        }

        int written = 0;
        foreach (var o in Spec.Outputs)
        {
            var tensor = _tensors[o.Tensor];
            var destination = output.Slice(written, tensor.ElementCount);
            if (o.Source == OutputSource.Codes)
            {
                DequantizeCodes(tensor, codes[o.Tensor], destination);
            }
            else
            {
                DequantizeAccumulators(tensor, ProducerOf(o.Tensor), accumulators[o.Tensor], destination);
            }

            written += tensor.ElementCount;
        }
    }

    /// <summary>Runs a batch: [N, C, H, W] (or [N, F]) normalized floats → [N, <see cref="OutputLength"/>].</summary>
    /// <exception cref="ArgumentException">The batch shape does not match the model input.</exception>
    public DenseTensor<float> Run(DenseTensor<float> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Rank != InputShape.Count + 1 || !batch.Shape.AsSpan(1).SequenceEqual(InputShape.ToArray()))
        {
            throw new ArgumentException($"{SourceName}: batch has shape {ShapeText.Format(batch.Shape)}, the model takes [N, {string.Join(", ", InputShape)}]", nameof(batch));
        }

        int n = batch.Shape[0];
        var result = new DenseTensor<float>([n, OutputLength]);
        for (int i = 0; i < n; i++)
        {
            Run(batch.Data.AsSpan(i * InputLength, InputLength), result.Data.AsSpan(i * OutputLength, OutputLength));
        }

        return result;
    }

    private LayerSpec ProducerOf(string tensor) => Spec.Layers.First(l => l.Output == tensor);

    private int ReductionSize(LayerSpec layer)
    {
        var input = _tensors[layer.Inputs[0]];
        return layer.Window is { } w ? w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
    }

    /// <summary>NCHW floats → NHWC codes of the input tensor.</summary>
    private byte[] QuantizeInput(ReadOnlySpan<float> image)
    {
        var tensor = _tensors[Spec.Input.Tensor];
        var quantization = Quantization(tensor);
        int channels = tensor.Channels, area = tensor.Height * tensor.Width;
        var codes = new byte[image.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < area; p++)
            {
                codes[p * channels + c] = (byte)quantization.Quantize(image[c * area + p]);
            }
        }

        return codes;
    }

    private static void DequantizeCodes(TensorSpec tensor, byte[] codes, Span<float> destination)
    {
        var quantization = Quantization(tensor);
        int channels = tensor.Channels, area = tensor.Height * tensor.Width;
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < area; p++)
            {
                destination[c * area + p] = quantization.Dequantize(codes[p * channels + c]);
            }
        }
    }

    private void DequantizeAccumulators(TensorSpec tensor, LayerSpec producer, int[] accumulators, Span<float> destination)
    {
        double inputScale = _tensors[producer.Inputs[0]].Scale;
        var scales = _weights[producer.Name].Scales;
        int channels = tensor.Channels, area = tensor.Height * tensor.Width;
        for (int c = 0; c < channels; c++)
        {
            // One rounding to float of the exact-in-double product: acc < 2^31 and two float scales.
            double scale = inputScale * scales[c];
            for (int p = 0; p < area; p++)
            {
                destination[c * area + p] = (float)(accumulators[p * channels + c] * scale);
            }
        }
    }

    private static Quantization.ActivationQuantization Quantization(TensorSpec tensor) => new(tensor.Scale, tensor.ZeroPoint, tensor.Bits);
}
