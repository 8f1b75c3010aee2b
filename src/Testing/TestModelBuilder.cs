using System.Security.Cryptography;
using Specialized.Manifest;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;
using Specialized.Runtime.Reference;

namespace Specialized.Testing;

/// <summary>
/// Builds valid quantized models (ManifestSpec + packed weights blob) layer by layer with random parameters from a
/// seeded RNG, independently of the generator: shapes come from the runtime's geometry types, multipliers from
/// FixedPointMultiplier.FromScale, packing from BitPacking. For generator tests and benchmarks; real models come
/// from the allocator.
/// </summary>
public sealed class TestModelBuilder(int seed, string name)
{
    private readonly Random _rng = new(seed);
    private readonly List<TensorSpec> _tensors = [];
    private readonly List<LayerSpec> _layers = [];
    private readonly List<OutputSpec> _outputs = [];
    private readonly List<byte> _blob = [];
    private string? _input;

    public string WeightsFile { get; } = name + ".weights.bin";

    public Random Random => _rng;

    public TensorSpec Tensor(string id) => _tensors.First(t => t.Id == id);

    public string Input(int channels, int height, int width, int bits) => _input = NewTensor([channels, height, width], bits);

    /// <summary>A tensor with random scale and zero point.</summary>
    public string NewTensor(int[] shape, int bits)
    {
        string id = "t" + _tensors.Count;
        int zeroPoint = _rng.Next(0, 1 << bits);
        _tensors.Add(new TensorSpec(id, shape.ToEquatableArray(), bits, (float)(0.01 + _rng.NextDouble() * 0.1), zeroPoint));
        return id;
    }

    /// <summary>A tensor with the same quantization as <paramref name="like"/> (ops that do not requantize).</summary>
    private string SameQuantization(string like, int[] shape)
    {
        var t = Tensor(like);
        string id = "t" + _tensors.Count;
        _tensors.Add(t with { Id = id, Shape = shape.ToEquatableArray() });
        return id;
    }

    /// <summary>A conv layer; with <paramref name="codebook"/> its weights index 2^bits random levels in [−<paramref name="codebookLimit"/>, <paramref name="codebookLimit"/> − 1].</summary>
    public string Conv(string x, int outChannels, int kernel, int stride, int[] pads, int dilation, int groups, int[] groupWidths, int outBits, bool relu, bool codebook = false, int codebookLimit = 128)
    {
        var input = Tensor(x);
        var g = new Conv2dGeometry(input.Channels, outChannels, kernel, kernel, stride, stride, pads[0], pads[1], pads[2], pads[3], dilation, dilation, groups);
        string y = NewTensor([outChannels, g.OutputHeight(input.Height), g.OutputWidth(input.Width)], outBits);
        var window = new WindowSpec(kernel, kernel, stride, stride, pads[0], pads[1], pads[2], pads[3], dilation, dilation, groups, false, false);
        _layers.Add(new LayerSpec("conv" + _layers.Count, LayerOp.Conv, EquatableArray.Create(x), y, window, Clamp(y, relu), Weights(input, Tensor(y), g.ReductionSize, groupWidths, codebook ? codebookLimit : 0), null));
        return y;
    }

    public string Gemm(string x, int outFeatures, int weightBits, int outBits, bool relu)
    {
        var input = Tensor(x);
        string y = NewTensor([outFeatures], outBits);
        _layers.Add(new LayerSpec("fc" + _layers.Count, LayerOp.Gemm, EquatableArray.Create(x), y, null, Clamp(y, relu), Weights(input, Tensor(y), input.ElementCount, [weightBits], 0), null));
        return y;
    }

    public string Add(string a, string b, int outBits, bool relu)
    {
        string y = NewTensor(Tensor(a).Shape.ToArray(), outBits);
        var r = AddRescale.FromScales(Tensor(a).Scale, Tensor(b).Scale, Tensor(y).Scale);
        _layers.Add(new LayerSpec("add" + _layers.Count, LayerOp.Add, EquatableArray.Create(a, b), y, null, Clamp(y, relu), null, new AddRescaleSpec(r.LeftMultiplier, r.RightMultiplier, r.RightShift)));
        return y;
    }

    public string Pool(string x, bool max, int kernel, int stride, int[] pads, bool ceil, bool countIncludePad)
    {
        var input = Tensor(x);
        var g = new Pool2dGeometry(kernel, kernel, stride, stride, pads[0], pads[1], pads[2], pads[3], 1, 1, ceil);
        string y = SameQuantization(x, [input.Channels, g.OutputHeight(input.Height), g.OutputWidth(input.Width)]);
        var window = new WindowSpec(kernel, kernel, stride, stride, pads[0], pads[1], pads[2], pads[3], 1, 1, 1, ceil, !max && countIncludePad);
        _layers.Add(new LayerSpec((max ? "maxpool" : "avgpool") + _layers.Count, max ? LayerOp.MaxPool : LayerOp.AvgPool, EquatableArray.Create(x), y, window, null, null, null));
        return y;
    }

    public string Unary(string x, LayerOp op)
    {
        var input = Tensor(x);
        int[] shape = op switch
        {
            LayerOp.GlobalAvgPool => [input.Channels, 1, 1],
            LayerOp.Flatten => [input.ElementCount],
            _ => input.Shape.ToArray(),
        };
        string y = SameQuantization(x, shape);
        var clamp = op == LayerOp.Clamp ? new ClampSpec(input.ZeroPoint / 2, Math.Max(input.ZeroPoint / 2, (1 << input.Bits) - 2)) : null;
        _layers.Add(new LayerSpec(LayerOps.Name(op) + _layers.Count, op, EquatableArray.Create(x), y, null, clamp, null, null));
        return y;
    }

    public string Concat(params string[] inputs)
    {
        var first = Tensor(inputs[0]);
        string y = SameQuantization(inputs[0], [inputs.Sum(i => Tensor(i).Channels), first.Height, first.Width]);
        _layers.Add(new LayerSpec("concat" + _layers.Count, LayerOp.Concat, inputs.ToEquatableArray(), y, null, null, null, null));
        return y;
    }

    public void Output(string tensor, OutputSource source) => _outputs.Add(new OutputSpec(tensor, source));

    public (ManifestSpec Spec, byte[] Blob) Build(string? ns = "Specialized.Tests.Generated")
    {
        var blob = _blob.ToArray();
        var input = Tensor(_input!);
        var spec = new ManifestSpec(
            ManifestSpec.CurrentFormatVersion, name, ns,
            new InputSpec(_input!, Enumerable.Repeat(0.5f, input.Channels).ToEquatableArray(), Enumerable.Repeat(0.25f, input.Channels).ToEquatableArray()),
            _tensors.ToEquatableArray(), _layers.ToEquatableArray(), _outputs.ToEquatableArray(),
            new WeightsFileSpec(WeightsFile, blob.Length, Convert.ToHexStringLower(SHA256.HashData(blob))));
        return (spec, blob);
    }

    private ClampSpec Clamp(string y, bool relu)
    {
        var t = Tensor(y);
        return new ClampSpec(relu ? t.ZeroPoint : 0, (1 << t.Bits) - 1);
    }

    /// <summary>Random weights; a positive <paramref name="codebookLimit"/> draws a codebook with levels in [−limit, limit − 1].</summary>
    private LayerWeightsSpec Weights(TensorSpec input, TensorSpec output, int k, int[] groupWidths, int codebookLimit)
    {
        int channels = output.Channels;
        long start = _blob.Count;
        var groups = new List<ChannelGroupSpec>();
        int[]? levels = null;
        if (codebookLimit > 0)
        {
            levels = Enumerable.Range(0, 1 << groupWidths[0]).Select(_ => _rng.Next(-codebookLimit, codebookLimit)).ToArray();
        }

        int first = 0;
        var maxWeight = new double[channels];
        for (int gi = 0; gi < groupWidths.Length; gi++)
        {
            int bits = groupWidths[gi];
            int count = gi == groupWidths.Length - 1 ? channels - first : Math.Max(1, channels / groupWidths.Length);
            long offset = _blob.Count;
            for (int c = 0; c < count; c++)
            {
                if (levels is not null)
                {
                    var indices = Enumerable.Range(0, k).Select(_ => (byte)_rng.Next(0, 1 << bits)).ToArray();
                    _blob.AddRange(BitPacking.PackUnsigned(indices, bits));
                    maxWeight[first + c] = levels.Max(Math.Abs);
                }
                else
                {
                    int limit = bits == 1 ? 1 : (1 << (bits - 1)) - 1;
                    var codes = Enumerable.Range(0, k).Select(_ => bits == 1 ? (sbyte)(_rng.Next(2) * 2 - 1) : (sbyte)_rng.Next(-limit, limit + 1)).ToArray();
                    _blob.AddRange(BitPacking.PackSigned(codes, bits));
                    maxWeight[first + c] = Math.Max(limit, 1);
                }
            }

            groups.Add(new ChannelGroupSpec(first, count, bits, offset, _blob.Count - offset));
            first += count;
        }

        // Aim the requantization so typical accumulators land inside the output codes (not all saturated).
        double inputRange = Math.Max(input.ZeroPoint, (1 << input.Bits) - 1 - input.ZeroPoint) + 1;
        var bias = new int[channels];
        var multipliers = new int[channels];
        var shifts = new int[channels];
        var scales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double typical = Math.Sqrt(k) * inputRange * maxWeight[c] * 0.5 + 1;
            bias[c] = (int)(_rng.NextDouble() * 2 * typical - typical);
            var m = FixedPointMultiplier.FromScale((1 << output.Bits) / typical * (0.5 + _rng.NextDouble()));
            multipliers[c] = m.Multiplier;
            shifts[c] = m.Shift;
            scales[c] = (float)(0.001 + _rng.NextDouble() * 0.01);
        }

        return new LayerWeightsSpec(
            groupWidths[0], scales.ToEquatableArray(), bias.ToEquatableArray(), multipliers.ToEquatableArray(), shifts.ToEquatableArray(),
            new BlobRange(start, _blob.Count - start), groups.ToEquatableArray(), (levels ?? []).ToEquatableArray(), groupWidths.Length > 1);
    }
}
