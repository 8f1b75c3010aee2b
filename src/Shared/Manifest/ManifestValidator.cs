using System.Collections.Generic;

namespace Specialized.Manifest;

/// <summary>
/// Consistency of a manifest whose fields are individually valid: tensor ids defined once and read after being
/// written, every layer's output shape equal to what its op computes, per-channel arrays as long as the channel
/// count, packed sizes and blob ranges inside the weights file, shared quantization where ops do not requantize.
/// </summary>
internal sealed class ManifestValidator
{
    private readonly ManifestSpec _spec;
    private readonly ObjectReader _input;
    private readonly List<(TensorSpec Spec, ObjectReader Reader)> _tensors;
    private readonly List<(LayerSpec Spec, ObjectReader Reader)> _layers;
    private readonly List<(OutputSpec Spec, ObjectReader Reader)> _outputs;
    private readonly List<ManifestError> _errors;
    private readonly Dictionary<string, TensorSpec> _byId = new();
    private readonly Dictionary<string, LayerSpec> _producers = new();

    public ManifestValidator(
        ManifestSpec spec, ObjectReader input, List<(TensorSpec, ObjectReader)> tensors, List<(LayerSpec, ObjectReader)> layers,
        List<(OutputSpec, ObjectReader)> outputs, List<ManifestError> errors)
    {
        _spec = spec;
        _input = input;
        _tensors = tensors;
        _layers = layers;
        _outputs = outputs;
        _errors = errors;
    }

    public void Validate()
    {
        foreach (var (tensor, reader) in _tensors)
        {
            if (_byId.ContainsKey(tensor.Id))
            {
                reader.Error(ManifestErrorCode.DuplicateId, "id", $"tensor id '{tensor.Id}' is defined twice");
            }
            else
            {
                _byId.Add(tensor.Id, tensor);
            }
        }

        var inputTensor = Lookup(_input, "tensor", _spec.Input.Tensor);
        if (inputTensor is not null)
        {
            if (_spec.Input.Mean.Count != inputTensor.Channels)
            {
                _input.Error(ManifestErrorCode.LengthMismatch, "mean", $"{_spec.Input.Mean.Count} mean values for {inputTensor.Channels} input channels");
            }

            if (_spec.Input.Std.Count != inputTensor.Channels)
            {
                _input.Error(ManifestErrorCode.LengthMismatch, "std", $"{_spec.Input.Std.Count} std values for {inputTensor.Channels} input channels");
            }
        }

        var written = new HashSet<string> { _spec.Input.Tensor };
        var names = new HashSet<string>();
        foreach (var (layer, reader) in _layers)
        {
            if (!names.Add(layer.Name))
            {
                reader.Error(ManifestErrorCode.DuplicateId, "name", $"layer name '{layer.Name}' is used twice");
            }

            ValidateLayer(layer, reader, written);
        }

        foreach (var (output, reader) in _outputs)
        {
            ValidateOutput(output, reader, written);
        }
    }

    private TensorSpec? Lookup(ObjectReader reader, string key, string id)
    {
        if (_byId.TryGetValue(id, out var tensor))
        {
            return tensor;
        }

        reader.Error(ManifestErrorCode.UnknownTensor, key, $"tensor '{id}' is not in the tensors table");
        return null;
    }

    private void ValidateLayer(LayerSpec layer, ObjectReader reader, HashSet<string> written)
    {
        var inputs = new List<TensorSpec>();
        bool ok = true;
        foreach (string id in layer.Inputs)
        {
            var tensor = Lookup(reader, "inputs", id);
            if (tensor is not null && !written.Contains(id))
            {
                reader.Error(ManifestErrorCode.UnknownTensor, "inputs", $"reads tensor '{id}' before any layer writes it (layers must be in topological order)");
                tensor = null;
            }

            ok &= tensor is not null;
            if (tensor is not null)
            {
                inputs.Add(tensor);
            }
        }

        var output = Lookup(reader, "output", layer.Output);
        if (output is not null && !written.Add(layer.Output))
        {
            reader.Error(ManifestErrorCode.DuplicateId, "output", $"tensor '{layer.Output}' is already written by the input or an earlier layer");
            output = null;
        }

        if (output is not null)
        {
            _producers[layer.Output] = layer;
        }

        int arity = layer.Op switch { LayerOp.Add => 2, LayerOp.Concat => -1, _ => 1 };
        if ((arity > 0 && layer.Inputs.Count != arity) || layer.Inputs.Count == 0)
        {
            reader.Error(ManifestErrorCode.LengthMismatch, "inputs", $"op {LayerOps.Name(layer.Op)} takes {(arity > 0 ? arity.ToString(System.Globalization.CultureInfo.InvariantCulture) : "one or more")} inputs, has {layer.Inputs.Count}");
            return;
        }

        if (!ok || output is null)
        {
            return;
        }

        if (layer.Clamp is { } clamp && clamp.QMax > (1 << output.Bits) - 1)
        {
            reader.Error(ManifestErrorCode.InvalidValue, "clamp", $"clamp [{clamp.QMin}, {clamp.QMax}] exceeds the {output.Bits}-bit output codes");
        }

        var expected = new LayerShapes(layer, reader).Expected(inputs);
        if (expected is not null && !expected.Value.Equals(output.Shape))
        {
            reader.Error(ManifestErrorCode.ShapeMismatch, "output", $"output '{output.Id}' has shape {output.Shape}, the op computes {expected}");
            return;
        }

        if (layer.Op is LayerOp.MaxPool or LayerOp.AvgPool or LayerOp.GlobalAvgPool or LayerOp.Flatten or LayerOp.Clamp or LayerOp.Concat)
        {
            // These ops move or compare codes without requantizing, so every tensor involved needs the same grid.
            foreach (var input in inputs)
            {
                if (input.Bits != output.Bits || input.Scale != output.Scale || input.ZeroPoint != output.ZeroPoint)
                {
                    reader.Error(ManifestErrorCode.QuantizationMismatch, "inputs", $"op {LayerOps.Name(layer.Op)} does not requantize: input '{input.Id}' and output '{output.Id}' must have equal bits, scale and zero point");
                }
            }
        }

        if (layer.Weights is { } weights)
        {
            ValidateWeights(weights, reader, inputs[0], output, layer);
        }
    }

    private void ValidateWeights(LayerWeightsSpec weights, ObjectReader reader, TensorSpec input, TensorSpec output, LayerSpec layer)
    {
        int channels = output.Channels;
        CheckLength(reader, "weightScales", weights.WeightScales.Count, channels);
        CheckLength(reader, "bias", weights.Bias.Count, channels);
        CheckLength(reader, "multipliers", weights.Multipliers.Count, channels);
        CheckLength(reader, "shifts", weights.Shifts.Count, channels);
        long k = layer.Window is { } w ? (long)w.KernelH * w.KernelW * (input.Channels / w.Groups) : input.ElementCount;
        if (!weights.Codebook.IsEmpty && weights.Codebook.Count != 1 << weights.WeightBits)
        {
            reader.Error(ManifestErrorCode.LengthMismatch, "codebook", $"a {weights.WeightBits}-bit codebook needs {1 << weights.WeightBits} levels, has {weights.Codebook.Count}");
        }

        var blob = weights.Blob;
        if (blob.Offset > _spec.Weights.Length || blob.Length > _spec.Weights.Length - blob.Offset)
        {
            reader.Error(ManifestErrorCode.BlobRange, "weights", $"weights [{blob.Offset}, +{blob.Length}) lie outside the {_spec.Weights.Length}-byte weights file");
            return;
        }

        // Each output channel starts on a byte boundary, so a group of n channels at b bits takes n·⌈K·b/8⌉ bytes.
        long next = 0;
        long offset = blob.Offset;
        for (int i = 0; i < weights.ChannelGroups.Count; i++)
        {
            var group = weights.ChannelGroups[i];
            string where = weights.ExplicitChannelGroups ? $"channel group {i}" : "weights";
            if (group.First != next)
            {
                reader.Error(ManifestErrorCode.InvalidValue, "channelGroups", $"{where} starts at channel {group.First}, expected {next} (groups must cover the channels in order)");
                return;
            }

            if (!weights.Codebook.IsEmpty && group.WeightBits != weights.WeightBits)
            {
                reader.Error(ManifestErrorCode.UnsupportedWidth, "channelGroups", $"{where} has {group.WeightBits}-bit weights, but the layer's codebook is for {weights.WeightBits} bits");
            }

            long packed = group.Count * ((k * group.WeightBits + 7) / 8);
            if (group.Length != packed || group.Offset != offset)
            {
                reader.Error(ManifestErrorCode.BlobRange, weights.ExplicitChannelGroups ? "channelGroups" : "weights",
                    $"{where} must be {packed} bytes at offset {offset} ({group.Count} channels × ⌈{k}·{group.WeightBits}/8⌉), is {group.Length} bytes at {group.Offset}");
                return;
            }

            next += group.Count;
            offset += packed;
        }

        if (next != channels || offset != blob.Offset + blob.Length)
        {
            reader.Error(ManifestErrorCode.BlobRange, weights.ExplicitChannelGroups ? "channelGroups" : "weights",
                $"weights cover {next} of {channels} channels in {offset - blob.Offset} of {blob.Length} bytes");
        }
    }

    private static void CheckLength(ObjectReader reader, string key, int count, int channels)
    {
        if (count != channels)
        {
            reader.Error(ManifestErrorCode.LengthMismatch, key, $"'{key}' has {count} values for {channels} output channels");
        }
    }

    private void ValidateOutput(OutputSpec output, ObjectReader reader, HashSet<string> written)
    {
        if (Lookup(reader, "tensor", output.Tensor) is null)
        {
            return;
        }

        if (!written.Contains(output.Tensor))
        {
            reader.Error(ManifestErrorCode.UnknownTensor, "tensor", $"output tensor '{output.Tensor}' is never written");
            return;
        }

        if (output.Source == OutputSource.Accumulators)
        {
            var producer = _producers.TryGetValue(output.Tensor, out var layer) ? layer : null;
            if (producer is not { Op: LayerOp.Conv or LayerOp.Gemm })
            {
                reader.Error(ManifestErrorCode.InvalidValue, "source", $"output '{output.Tensor}' takes accumulators, but it is not written by a conv or gemm");
            }
            else if (producer.Clamp is { } clamp && (clamp.QMin != 0 || clamp.QMax != (1 << _byId[output.Tensor].Bits) - 1))
            {
                // Accumulators bypass the requantizer, so a fused activation (a narrower clamp) would be silently lost.
                reader.Error(ManifestErrorCode.InvalidValue, "source", $"output '{output.Tensor}' takes accumulators, so its layer '{producer.Name}' cannot have a fused activation (clamp must be the full code range)");
            }
        }
    }
}
