using System.Collections.Generic;
using System.Globalization;

namespace Specialized.Manifest;

/// <summary>
/// Reads the fields of one JSON object for the binder: each accessor records a typed error at the offending token
/// and returns a fallback instead of throwing; <see cref="ReportUnknown"/> flags keys nobody asked for.
/// </summary>
internal sealed class ObjectReader
{
    private readonly List<ManifestError> _errors;
    private readonly HashSet<string> _read = new();

    public ObjectReader(JsonObject node, string context, List<ManifestError> errors)
    {
        Node = node;
        Context = context;
        _errors = errors;
    }

    public JsonObject Node { get; }

    /// <summary>The list errors go to (shared with nested readers).</summary>
    public List<ManifestError> ErrorList => _errors;

    /// <summary>Where this object is, for messages ("layer 'conv1'").</summary>
    public string Context { get; }

    /// <summary>Wraps <paramref name="node"/> when it is an object; otherwise reports WrongType and returns null.</summary>
    public static ObjectReader? From(JsonNode? node, string context, List<ManifestError> errors)
    {
        if (node is JsonObject obj)
        {
            return new ObjectReader(obj, context, errors);
        }

        if (node is not null)
        {
            errors.Add(new ManifestError(ManifestErrorCode.WrongType, $"{context} must be an object, found {node.KindName}", node.Span));
        }

        return null;
    }

    /// <summary>The span of field <paramref name="key"/>'s value, or of the whole object when it is absent.</summary>
    public TextSpan SpanOf(string key) => Node.Get(key)?.Span ?? Node.Span;

    public void Error(ManifestErrorCode code, string key, string message) =>
        _errors.Add(new ManifestError(code, $"{Context}: {message}", SpanOf(key)));

    public bool Has(string key) => Node.Get(key) is not null;

    /// <summary>The raw value of <paramref name="key"/>; reports MissingField when required and absent.</summary>
    public JsonNode? Field(string key, bool required = true)
    {
        _read.Add(key);
        var value = Node.Get(key);
        if (value is null && required)
        {
            _errors.Add(new ManifestError(ManifestErrorCode.MissingField, $"{Context}: missing field '{key}'", Node.Span));
        }

        return value;
    }

    public string? String(string key, bool required = true)
    {
        var node = Field(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is JsonString text)
        {
            return text.Value;
        }

        WrongType(key, node, "a string");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Field(key);
        if (node is null)
        {
            return null;
        }

        if (node.Kind is JsonKind.True or JsonKind.False)
        {
            return node.Kind == JsonKind.True;
        }

        WrongType(key, node, "true or false");
        return null;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; null (with an error) otherwise.</summary>
    public long? Integer(string key, long min, long max, bool required = true, ManifestErrorCode rangeCode = ManifestErrorCode.InvalidValue)
    {
        var node = Field(key, required);
        return node is null ? null : IntegerValue(node, key, min, max, rangeCode);
    }

    public int? Int(string key, int min, int max, bool required = true, ManifestErrorCode rangeCode = ManifestErrorCode.InvalidValue) =>
        (int?)Integer(key, min, max, required, rangeCode);

    /// <summary>A positive finite float32 (scales).</summary>
    public float? PositiveFloat(string key)
    {
        var node = Field(key);
        return node is null ? null : PositiveFloatValue(node, key);
    }

    public JsonArray? Array(string key, bool required = true)
    {
        var node = Field(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is JsonArray array)
        {
            return array;
        }

        WrongType(key, node, "an array");
        return null;
    }

    /// <summary>An array of integers in [min, max], of exactly <paramref name="count"/> items when count ≥ 0.</summary>
    public EquatableArray<int>? IntArray(string key, long min, long max, int count = -1, bool required = true)
    {
        var array = Array(key, required);
        if (array is null || !CheckCount(key, array, count))
        {
            return null;
        }

        var values = new List<int>(array.Items.Count);
        bool ok = true;
        foreach (var item in array.Items)
        {
            long? value = IntegerValue(item, key, min, max, ManifestErrorCode.InvalidValue);
            ok &= value.HasValue;
            values.Add((int)(value ?? 0));
        }

        return ok ? values.ToEquatableArray() : null;
    }

    /// <summary>An array of floats (finite; positive when <paramref name="positive"/>).</summary>
    public EquatableArray<float>? FloatArray(string key, bool positive)
    {
        var array = Array(key);
        if (array is null)
        {
            return null;
        }

        var values = new List<float>(array.Items.Count);
        bool ok = true;
        foreach (var item in array.Items)
        {
            float? value = positive ? PositiveFloatValue(item, key) : FiniteFloatValue(item, key);
            ok &= value.HasValue;
            values.Add(value ?? 0f);
        }

        return ok ? values.ToEquatableArray() : null;
    }

    public EquatableArray<string>? StringArray(string key)
    {
        var array = Array(key);
        if (array is null)
        {
            return null;
        }

        var values = new List<string>(array.Items.Count);
        bool ok = true;
        foreach (var item in array.Items)
        {
            if (item is JsonString text)
            {
                values.Add(text.Value);
            }
            else
            {
                WrongType(key, item, "a string");
                ok = false;
            }
        }

        return ok ? values.ToEquatableArray() : null;
    }

    /// <summary>Reports every key that no accessor read: the format has no free-form fields, so it is likely a typo.</summary>
    public void ReportUnknown()
    {
        foreach (var property in Node.Properties)
        {
            if (!_read.Contains(property.Key))
            {
                _errors.Add(new ManifestError(ManifestErrorCode.UnknownField, $"{Context}: unknown field '{property.Key}'", property.KeySpan));
            }
        }
    }

    private bool CheckCount(string key, JsonArray array, int count)
    {
        if (count >= 0 && array.Items.Count != count)
        {
            _errors.Add(new ManifestError(ManifestErrorCode.LengthMismatch, $"{Context}: '{key}' must have {count} items, has {array.Items.Count}", array.Span));
            return false;
        }

        return true;
    }

    private long? IntegerValue(JsonNode node, string key, long min, long max, ManifestErrorCode rangeCode)
    {
        if (node is not JsonNumber number || number.Integer is not long value)
        {
            WrongType(key, node, "an integer");
            return null;
        }

        if (value < min || value > max)
        {
            _errors.Add(new ManifestError(rangeCode, $"{Context}: '{key}' value {value} is outside [{min}, {max}]", node.Span));
            return null;
        }

        return value;
    }

    private float? FiniteFloatValue(JsonNode node, string key)
    {
        if (node is not JsonNumber number)
        {
            WrongType(key, node, "a number");
            return null;
        }

        // Parsed from the text straight to float32: one correct rounding, so "R"-formatted floats round-trip.
        // TryParse: .NET Framework (a compiler host) reports overflow as failure, newer runtimes as infinity.
        if (!float.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            || float.IsInfinity(value) || float.IsNaN(value))
        {
            _errors.Add(new ManifestError(ManifestErrorCode.InvalidValue, $"{Context}: '{key}' value {number.Text} does not fit float32", node.Span));
            return null;
        }

        return value;
    }

    private float? PositiveFloatValue(JsonNode node, string key)
    {
        float? value = FiniteFloatValue(node, key);
        if (value is float v && !(v > 0f))
        {
            _errors.Add(new ManifestError(ManifestErrorCode.InvalidValue, $"{Context}: '{key}' must be positive, found {((JsonNumber)node).Text}", node.Span));
            return null;
        }

        return value;
    }

    private void WrongType(string key, JsonNode node, string expected) =>
        _errors.Add(new ManifestError(ManifestErrorCode.WrongType, $"{Context}: '{key}' must be {expected}, found {Describe(node)}", node.Span));

    private static string Describe(JsonNode node) => node is JsonNumber number ? $"number {number.Text}" : node.KindName;
}
