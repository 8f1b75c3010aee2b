using System.Collections.Generic;

namespace Specialized.Manifest;

public static partial class ManifestParser
{
    private static LayerSpec? ReadLayer(ObjectReader layer)
    {
        string? name = layer.String("name");
        string? opName = layer.String("op");
        var inputs = layer.StringArray("inputs");
        string? output = layer.String("output");
        // Which family is valid for which layer is the generator's business (its diagnostics), not the format's.
        string? family = layer.String("kernelFamily", required: false);
        if (family is { Length: 0 })
        {
            layer.Error(ManifestErrorCode.InvalidValue, "kernelFamily", "kernelFamily must not be empty (omit it to let the generator choose)");
            return null;
        }

        if (opName is null)
        {
            layer.ReportUnknown();
            return null;
        }

        if (!LayerOps.TryParse(opName, out LayerOp op))
        {
            layer.Error(ManifestErrorCode.UnsupportedOp, "op", $"op \"{opName}\" is not supported (conv, gemm, add, maxpool, avgpool, globalavgpool, flatten, concat, clamp)");
            return null;
        }

        WindowSpec? window = null;
        ClampSpec? clamp = null;
        LayerWeightsSpec? weights = null;
        AddRescaleSpec? rescale = null;
        bool ok = true;
        switch (op)
        {
            case LayerOp.Conv:
                ok &= (window = ReadWindow(layer, op)) is not null;
                ok &= (clamp = ReadClamp(layer)) is not null;
                ok &= (weights = ReadWeights(layer)) is not null;
                break;
            case LayerOp.Gemm:
                ok &= (clamp = ReadClamp(layer)) is not null;
                ok &= (weights = ReadWeights(layer)) is not null;
                break;
            case LayerOp.Add:
                ok &= (clamp = ReadClamp(layer)) is not null;
                ok &= (rescale = ReadRescale(ObjectReader.From(layer.Field("rescale"), $"{layer.Context}: rescale", layer.ErrorList))) is not null;
                break;
            case LayerOp.MaxPool:
            case LayerOp.AvgPool:
                ok &= (window = ReadWindow(layer, op)) is not null;
                break;
            case LayerOp.Clamp:
                ok &= (clamp = ReadClamp(layer)) is not null;
                break;
        }

        layer.ReportUnknown();
        if (!ok || name is null || inputs is null || output is null)
        {
            return null;
        }

        return new LayerSpec(name, op, inputs.Value, output, window, clamp, weights, rescale, family);
    }

    private static WindowSpec? ReadWindow(ObjectReader layer, LayerOp op)
    {
        var kernel = layer.IntArray("kernel", 1, 1 << 16, 2);
        var stride = layer.IntArray("stride", 1, 1 << 16, 2);
        var pads = layer.IntArray("pads", 0, 1 << 16, 4);
        var dilation = layer.IntArray("dilation", 1, 1 << 16, 2);
        int? groups = op == LayerOp.Conv ? layer.Int("groups", 1, 1 << 20) : 1;
        bool? ceil = op == LayerOp.Conv ? false : layer.Bool("ceilMode");
        bool? includePad = op == LayerOp.AvgPool ? layer.Bool("countIncludePad") : false;
        if (kernel is not { } k || stride is not { } s || pads is not { } p || dilation is not { } d || groups is null || ceil is null || includePad is null)
        {
            return null;
        }

        return new WindowSpec(k[0], k[1], s[0], s[1], p[0], p[1], p[2], p[3], d[0], d[1], groups.Value, ceil.Value, includePad.Value);
    }

    private static ClampSpec? ReadClamp(ObjectReader layer)
    {
        var clamp = layer.IntArray("clamp", 0, 255, 2);
        if (clamp is not { } c)
        {
            return null;
        }

        if (c[0] > c[1])
        {
            layer.Error(ManifestErrorCode.InvalidValue, "clamp", $"clamp [{c[0]}, {c[1]}] is empty");
            return null;
        }

        return new ClampSpec(c[0], c[1]);
    }

    private static AddRescaleSpec? ReadRescale(ObjectReader? rescale)
    {
        if (rescale is null)
        {
            return null;
        }

        int? left = rescale.Int("left", 0, int.MaxValue);
        int? right = rescale.Int("right", 0, int.MaxValue);
        int? shift = rescale.Int("shift", 1, 62);
        rescale.ReportUnknown();
        return left is null || right is null || shift is null ? null : new AddRescaleSpec(left.Value, right.Value, shift.Value);
    }

    private static LayerWeightsSpec? ReadWeights(ObjectReader layer)
    {
        var errors = layer.ErrorList;
        int? bits = layer.Int("weightBits", 1, 8, rangeCode: ManifestErrorCode.UnsupportedWidth);
        var scales = layer.FloatArray("weightScales", positive: true);
        var bias = layer.IntArray("bias", int.MinValue, int.MaxValue);
        var multipliers = layer.IntArray("multipliers", 1 << 30, int.MaxValue);
        var shifts = layer.IntArray("shifts", -32, 30);
        var blob = ReadBlobRange(ObjectReader.From(layer.Field("weights"), $"{layer.Context}: weights", errors));
        var groupsArray = layer.Array("channelGroups", required: false);
        var codebook = layer.IntArray("codebook", -128, 127, required: false);
        if (layer.Has("codebook") && codebook is null)
        {
            return null;
        }

        List<ChannelGroupSpec>? groups = null;
        if (groupsArray is not null)
        {
            groups = new List<ChannelGroupSpec>();
            for (int i = 0; i < groupsArray.Items.Count; i++)
            {
                var group = ObjectReader.From(groupsArray.Items[i], $"{layer.Context}: channel group {i}", errors);
                var spec = group is null ? null : ReadChannelGroup(group);
                if (spec is null)
                {
                    return null;
                }

                groups.Add(spec);
            }
        }
        else if (layer.Has("channelGroups"))
        {
            return null;
        }

        if (bits is null || scales is null || bias is null || multipliers is null || shifts is null || blob is null)
        {
            return null;
        }

        bool explicitGroups = groups is not null;
        // Without channelGroups, the layer is one group: all channels at weightBits over the whole blob range.
        groups ??= new List<ChannelGroupSpec> { new(0, scales.Value.Count, bits.Value, blob.Offset, blob.Length) };
        return new LayerWeightsSpec(bits.Value, scales.Value, bias.Value, multipliers.Value, shifts.Value, blob,
            groups.ToEquatableArray(), codebook ?? EquatableArray<int>.Empty, explicitGroups);
    }

    private static ChannelGroupSpec? ReadChannelGroup(ObjectReader group)
    {
        int? first = group.Int("first", 0, int.MaxValue);
        int? count = group.Int("count", 1, int.MaxValue);
        int? bits = group.Int("weightBits", 1, 8, rangeCode: ManifestErrorCode.UnsupportedWidth);
        long? offset = group.Integer("offset", 0, long.MaxValue);
        long? length = group.Integer("length", 0, long.MaxValue);
        group.ReportUnknown();
        return first is null || count is null || bits is null || offset is null || length is null
            ? null
            : new ChannelGroupSpec(first.Value, count.Value, bits.Value, offset.Value, length.Value);
    }

    private static BlobRange? ReadBlobRange(ObjectReader? blob)
    {
        if (blob is null)
        {
            return null;
        }

        long? offset = blob.Integer("offset", 0, long.MaxValue);
        long? length = blob.Integer("length", 0, long.MaxValue);
        blob.ReportUnknown();
        return offset is null || length is null ? null : new BlobRange(offset.Value, length.Value);
    }
}
