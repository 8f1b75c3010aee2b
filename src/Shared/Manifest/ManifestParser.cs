using System;
using System.Collections.Generic;

namespace Specialized.Manifest;

/// <summary>The outcome of <see cref="ManifestParser.Parse"/>: the spec when the manifest is valid, and every error found.</summary>
public sealed record ManifestParseResult(ManifestSpec? Spec, EquatableArray<ManifestError> Errors)
{
    public bool Success => Spec is not null && Errors.IsEmpty;
}

/// <summary>
/// Manifest text → <see cref="ManifestSpec"/>. Never throws: every problem becomes a <see cref="ManifestError"/>
/// located at the offending token, and the spec is returned only when there are none. Reading is in three steps:
/// JSON (<see cref="JsonReader"/>), fields (types and ranges), then consistency across the model
/// (<see cref="ManifestValidator"/>: tensor ids, shapes, lengths, blob ranges).
/// </summary>
public static partial class ManifestParser
{
    public static ManifestParseResult Parse(string text)
    {
        var errors = new List<ManifestError>();
        ManifestSpec? spec = null;
        try
        {
            var root = JsonReader.Parse(text, errors);
            if (root is not null)
            {
                spec = Bind(root, errors);
            }
        }
#pragma warning disable CA1031 // The generator must never throw; a bug here still becomes a located error.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            errors.Add(new ManifestError(ManifestErrorCode.InvalidValue, $"internal error while reading the manifest: {exception.Message}", new TextSpan(0, 0, 1, 1)));
        }

        return new ManifestParseResult(errors.Count == 0 ? spec : null, errors.ToEquatableArray());
    }

    private static ManifestSpec? Bind(JsonNode root, List<ManifestError> errors)
    {
        var model = ObjectReader.From(root, "manifest", errors);
        if (model is null)
        {
            return null;
        }

        // The version decides how everything else is read, so an unknown one stops here.
        long? version = model.Integer("formatVersion", long.MinValue, long.MaxValue);
        if (version is null)
        {
            return null;
        }

        if (version != ManifestSpec.CurrentFormatVersion)
        {
            errors.Add(new ManifestError(ManifestErrorCode.UnsupportedFormatVersion, $"formatVersion {version} is not supported (this reader knows {ManifestSpec.CurrentFormatVersion})", model.SpanOf("formatVersion")));
            return null;
        }

        int before = errors.Count;
        string? name = model.String("name");
        if (name is { Length: 0 })
        {
            model.Error(ManifestErrorCode.InvalidValue, "name", "'name' must not be empty");
        }

        string? ns = model.String("namespace", required: false);
        var input = ReadInput(ObjectReader.From(model.Field("input"), "input", errors));
        var tensors = ReadList(model.Array("tensors"), "tensor", errors, ReadTensor);
        var layers = ReadList(model.Array("layers"), "layer", errors, ReadLayer);
        var outputs = ReadList(model.Array("outputs"), "output", errors, ReadOutput);
        var weights = ReadWeightsFile(ObjectReader.From(model.Field("weights"), "weights", errors));
        model.ReportUnknown();
        if (layers is { Count: 0 })
        {
            model.Error(ManifestErrorCode.LengthMismatch, "layers", "a model needs at least one layer");
        }

        if (outputs is { Count: 0 })
        {
            model.Error(ManifestErrorCode.LengthMismatch, "outputs", "a model needs at least one output");
        }

        if (errors.Count > before || name is null || input is null || tensors is null || layers is null || outputs is null || weights is null)
        {
            return null;
        }

        var spec = new ManifestSpec((int)version, name, ns, input.Value.Spec, Specs(tensors), Specs(layers), Specs(outputs), weights);
        new ManifestValidator(spec, input.Value.Reader, tensors, layers, outputs, errors).Validate();
        return spec;
    }

    /// <summary>Reads every item of an array with <paramref name="read"/>; null when any item failed.</summary>
    private static List<(T Spec, ObjectReader Reader)>? ReadList<T>(
        JsonArray? array, string what, List<ManifestError> errors, Func<ObjectReader, T?> read)
        where T : class
    {
        if (array is null)
        {
            return null;
        }

        var items = new List<(T, ObjectReader)>();
        bool ok = true;
        for (int i = 0; i < array.Items.Count; i++)
        {
            var reader = ObjectReader.From(array.Items[i], $"{what} {i}", errors);
            var spec = reader is null ? null : read(reader);
            if (reader is null || spec is null)
            {
                ok = false;
                continue;
            }

            items.Add((spec, reader));
        }

        return ok ? items : null;
    }

    private static EquatableArray<T> Specs<T>(List<(T Spec, ObjectReader Reader)> items)
        where T : IEquatable<T>
    {
        var specs = new List<T>(items.Count);
        foreach (var item in items)
        {
            specs.Add(item.Spec);
        }

        return specs.ToEquatableArray();
    }

    private static (InputSpec Spec, ObjectReader Reader)? ReadInput(ObjectReader? input)
    {
        if (input is null)
        {
            return null;
        }

        string? tensor = input.String("tensor");
        var mean = input.FloatArray("mean", positive: false);
        var std = input.FloatArray("std", positive: true);
        input.ReportUnknown();
        return tensor is null || mean is null || std is null ? null : (new InputSpec(tensor, mean.Value, std.Value), input);
    }

    private static TensorSpec? ReadTensor(ObjectReader tensor)
    {
        string? id = tensor.String("id");
        var shape = tensor.IntArray("shape", 1, int.MaxValue);
        int? bits = tensor.Int("bits", 1, 8, rangeCode: ManifestErrorCode.UnsupportedWidth);
        float? scale = tensor.PositiveFloat("scale");
        int? zeroPoint = tensor.Int("zeroPoint", 0, 255);
        tensor.ReportUnknown();
        if (id is null || shape is null || bits is null || scale is null || zeroPoint is null)
        {
            return null;
        }

        bool ok = true;
        if (shape.Value.Count is not (1 or 3))
        {
            tensor.Error(ManifestErrorCode.ShapeMismatch, "shape", $"tensor '{id}': shape must be [C, H, W] or [F], has {shape.Value.Count} dimensions");
            ok = false;
        }
        else if (ElementCount(shape.Value) > int.MaxValue)
        {
            tensor.Error(ManifestErrorCode.ShapeMismatch, "shape", $"tensor '{id}': more than {int.MaxValue} elements");
            ok = false;
        }

        if (zeroPoint > (1 << bits) - 1)
        {
            tensor.Error(ManifestErrorCode.InvalidValue, "zeroPoint", $"tensor '{id}': zero point {zeroPoint} does not fit {bits} bits");
            ok = false;
        }

        return ok ? new TensorSpec(id, shape.Value, bits.Value, scale.Value, zeroPoint.Value) : null;
    }

    private static OutputSpec? ReadOutput(ObjectReader output)
    {
        string? tensor = output.String("tensor");
        string? source = output.String("source");
        output.ReportUnknown();
        if (tensor is null || source is null)
        {
            return null;
        }

        switch (source)
        {
            case "codes":
                return new OutputSpec(tensor, OutputSource.Codes);
            case "accumulators":
                return new OutputSpec(tensor, OutputSource.Accumulators);
            default:
                output.Error(ManifestErrorCode.InvalidValue, "source", $"source must be \"codes\" or \"accumulators\", found \"{source}\"");
                return null;
        }
    }

    private static WeightsFileSpec? ReadWeightsFile(ObjectReader? weights)
    {
        if (weights is null)
        {
            return null;
        }

        string? file = weights.String("file");
        long? length = weights.Integer("length", 0, long.MaxValue);
        string? sha = weights.String("sha256");
        weights.ReportUnknown();
        if (file is null || length is null || sha is null)
        {
            return null;
        }

        bool ok = true;
        if (file.Length == 0 || file.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || file == "." || file == "..")
        {
            // A bare file name beside the manifest: a path could point anywhere on the build machine.
            weights.Error(ManifestErrorCode.InvalidValue, "file", $"'file' must be a file name beside the manifest, without folders, found \"{file}\"");
            ok = false;
        }

        if (!IsSha256(sha))
        {
            weights.Error(ManifestErrorCode.InvalidValue, "sha256", "'sha256' must be 64 lowercase hex digits");
            ok = false;
        }

        return ok ? new WeightsFileSpec(file, length.Value, sha) : null;
    }

    private static bool IsSha256(string text)
    {
        if (text.Length != 64)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    internal static long ElementCount(EquatableArray<int> shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            count *= dim;
            if (count > int.MaxValue)
            {
                return count;
            }
        }

        return count;
    }
}
