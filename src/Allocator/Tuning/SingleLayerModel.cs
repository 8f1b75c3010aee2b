using Specialized.Manifest;
using Specialized.Runtime.Manifest;

namespace Specialized.Allocator.Tuning;

/// <summary>
/// One conv/gemm layer of a manifest cut out as a model of its own — its input tensor, the layer with its own packed
/// weights (blob ranges rebased to a blob holding only them), its output as codes — so a kernel family can be timed on
/// exactly that layer's shape, widths and weights. A gemm's rank-1 input becomes a [F, 1, 1] image flattened first
/// (model inputs are images); the flatten is a view, so it costs nothing.
/// </summary>
internal static class SingleLayerModel
{
    public static (ManifestSpec Spec, byte[] Blob) Extract(ManifestSpec spec, byte[] blob, LayerSpec layer)
    {
        var weights = layer.Weights ?? throw new ArgumentException($"layer {layer.Name} has no weights", nameof(layer));
        var input = spec.FindTensor(layer.Inputs[0])!;
        var output = spec.FindTensor(layer.Output)!;
        long start = weights.Blob.Offset;
        byte[] own = blob.AsSpan((int)start, (int)weights.Blob.Length).ToArray();
        var rebased = weights with
        {
            Blob = weights.Blob with { Offset = 0 },
            ChannelGroups = weights.ChannelGroups.Select(g => g with { Offset = g.Offset - start }).ToEquatableArray(),
        };

        var tensors = new List<TensorSpec>();
        var layers = new List<LayerSpec>();
        string source = input.Id;
        if (input.Shape.Count == 1)
        {
            var image = input with { Id = input.Id + "_image", Shape = EquatableArray.Create(input.Channels, 1, 1) };
            tensors.Add(image);
            layers.Add(new LayerSpec("flatten", LayerOp.Flatten, EquatableArray.Create(image.Id), input.Id, null, null, null, null));
            source = image.Id;
        }

        tensors.Add(input);
        tensors.Add(output);
        layers.Add(layer with { Weights = rebased, KernelFamily = null });
        int channels = input.Channels;
        var one = EquatableArray.Create(Enumerable.Repeat(1f, channels).ToArray());
        var zero = EquatableArray.Create(new float[channels]);
        var single = new ManifestSpec(
            ManifestSpec.CurrentFormatVersion, "tune-" + layer.Name, null,
            new InputSpec(source, zero, one),
            tensors.ToEquatableArray(), layers.ToEquatableArray(),
            EquatableArray.Create(new OutputSpec(output.Id, OutputSource.Codes)),
            new WeightsFileSpec("layer.weights.bin", own.Length, ManifestFile.Sha256Hex(own)));
        return (single, own);
    }
}
