using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Specialized.Manifest;

/// <summary>
/// <see cref="ManifestSpec"/> → JSON text, deterministically: fixed key order, layers in the spec's (graph) order,
/// two-space indentation, numeric arrays on one line, '\n' line ends, invariant culture. Floats are written with
/// the shortest text that parses back to the same float32 ("R"), so <c>Parse(Write(spec))</c> equals
/// <c>spec</c>. Optional parts are omitted when absent (namespace, channelGroups when implicit, empty codebook).
/// </summary>
public static class ManifestWriter
{
    public static string Write(ManifestSpec spec)
    {
        var w = new JsonTextWriter();
        w.BeginObject();
        w.Property("formatVersion", Int(spec.FormatVersion));
        w.Property("name", Str(spec.Name));
        if (spec.Namespace is not null)
        {
            w.Property("namespace", Str(spec.Namespace));
        }

        w.BeginObject("input");
        w.Property("tensor", Str(spec.Input.Tensor));
        w.Property("mean", Floats(spec.Input.Mean));
        w.Property("std", Floats(spec.Input.Std));
        w.End('}');

        w.BeginArray("tensors");
        foreach (var t in spec.Tensors)
        {
            w.Item("{ \"id\": " + Str(t.Id) + ", \"shape\": " + Ints(t.Shape) + ", \"bits\": " + Int(t.Bits)
                + ", \"scale\": " + Float(t.Scale) + ", \"zeroPoint\": " + Int(t.ZeroPoint) + " }");
        }

        w.End(']');
        w.BeginArray("layers");
        foreach (var layer in spec.Layers)
        {
            WriteLayer(w, layer);
        }

        w.End(']');
        w.BeginArray("outputs");
        foreach (var o in spec.Outputs)
        {
            w.Item("{ \"tensor\": " + Str(o.Tensor) + ", \"source\": " + Str(o.Source == OutputSource.Codes ? "codes" : "accumulators") + " }");
        }

        w.End(']');
        w.BeginObject("weights");
        w.Property("file", Str(spec.Weights.File));
        w.Property("length", Long(spec.Weights.Length));
        w.Property("sha256", Str(spec.Weights.Sha256));
        w.End('}');
        w.End('}');
        return w.ToString();
    }

    private static void WriteLayer(JsonTextWriter w, LayerSpec layer)
    {
        w.BeginObject(null);
        w.Property("name", Str(layer.Name));
        w.Property("op", Str(LayerOps.Name(layer.Op)));
        w.Property("inputs", "[" + string.Join(", ", Map(layer.Inputs, Str)) + "]");
        w.Property("output", Str(layer.Output));
        if (layer.KernelFamily is { } family)
        {
            w.Property("kernelFamily", Str(family));
        }

        if (layer.Window is { } win)
        {
            w.Property("kernel", $"[{Int(win.KernelH)}, {Int(win.KernelW)}]");
            w.Property("stride", $"[{Int(win.StrideH)}, {Int(win.StrideW)}]");
            w.Property("pads", $"[{Int(win.PadTop)}, {Int(win.PadLeft)}, {Int(win.PadBottom)}, {Int(win.PadRight)}]");
            w.Property("dilation", $"[{Int(win.DilationH)}, {Int(win.DilationW)}]");
            if (layer.Op == LayerOp.Conv)
            {
                w.Property("groups", Int(win.Groups));
            }
            else
            {
                w.Property("ceilMode", Bool(win.CeilMode));
            }

            if (layer.Op == LayerOp.AvgPool)
            {
                w.Property("countIncludePad", Bool(win.CountIncludePad));
            }
        }

        if (layer.Clamp is { } clamp)
        {
            w.Property("clamp", $"[{Int(clamp.QMin)}, {Int(clamp.QMax)}]");
        }

        if (layer.Rescale is { } r)
        {
            w.Property("rescale", $"{{ \"left\": {Int(r.LeftMultiplier)}, \"right\": {Int(r.RightMultiplier)}, \"shift\": {Int(r.Shift)} }}");
        }

        if (layer.Weights is { } p)
        {
            w.Property("weightBits", Int(p.WeightBits));
            w.Property("weightScales", Floats(p.WeightScales));
            w.Property("bias", Ints(p.Bias));
            w.Property("multipliers", Ints(p.Multipliers));
            w.Property("shifts", Ints(p.Shifts));
            w.Property("weights", $"{{ \"offset\": {Long(p.Blob.Offset)}, \"length\": {Long(p.Blob.Length)} }}");
            if (p.ExplicitChannelGroups)
            {
                w.BeginArray("channelGroups");
                foreach (var g in p.ChannelGroups)
                {
                    w.Item($"{{ \"first\": {Int(g.First)}, \"count\": {Int(g.Count)}, \"weightBits\": {Int(g.WeightBits)}, \"offset\": {Long(g.Offset)}, \"length\": {Long(g.Length)} }}");
                }

                w.End(']');
            }

            if (!p.Codebook.IsEmpty)
            {
                w.Property("codebook", Ints(p.Codebook));
            }
        }

        w.End('}');
    }

    private static IEnumerable<string> Map<T>(IEnumerable<T> items, System.Func<T, string> format)
    {
        foreach (var item in items)
        {
            yield return format(item);
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    // "R" is the shortest round-trip text on .NET Core 3.0+; exponents ("1E-05") are valid JSON numbers.
    private static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Ints(EquatableArray<int> values) => "[" + string.Join(", ", Map(values, Int)) + "]";

    private static string Floats(EquatableArray<float> values) => "[" + string.Join(", ", Map(values, Float)) + "]";

    private static string Str(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Indentation and comma bookkeeping for one JSON document.</summary>
    private sealed class JsonTextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Stack<bool> _hasItems = new();

        public void BeginObject(string? key = null) => Open(key, '{');

        public void BeginArray(string key) => Open(key, '[');

        public void Property(string key, string rawValue) => Item(Str(key) + ": " + rawValue);

        public void Item(string rawValue)
        {
            NextItem();
            _text.Append(rawValue);
        }

        public void End(char close)
        {
            bool any = _hasItems.Pop();
            if (any)
            {
                _text.Append('\n');
                Indent();
            }

            _text.Append(close);
            if (_hasItems.Count == 0)
            {
                _text.Append('\n');
            }
        }

        public override string ToString() => _text.ToString();

        private void Open(string? key, char open)
        {
            if (_hasItems.Count > 0)
            {
                NextItem();
                if (key is not null)
                {
                    _text.Append(Str(key)).Append(": ");
                }
            }

            _text.Append(open);
            _hasItems.Push(false);
        }

        private void NextItem()
        {
            if (_hasItems.Pop())
            {
                _text.Append(',');
            }

            _hasItems.Push(true);
            _text.Append('\n');
            Indent();
        }

        private void Indent() => _text.Append(' ', 2 * _hasItems.Count);
    }
}
