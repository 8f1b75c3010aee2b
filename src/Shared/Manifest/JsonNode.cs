using System.Collections.Generic;

namespace Specialized.Manifest;

/// <summary>The kind of a <see cref="JsonNode"/>.</summary>
public enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// Where a piece of JSON text sits: 1-based line and column of its first character, 0-based character offset and
/// length. Columns count UTF-16 characters, as Roslyn's <c>LinePosition</c> does, so a diagnostic can point at it.
/// </summary>
public readonly record struct TextSpan(int Offset, int Length, int Line, int Column)
{
    public override string ToString() => $"({Line},{Column})";
}

/// <summary>
/// One value of the JSON DOM produced by <see cref="JsonReader"/>, with its position. The DOM is only a step
/// between text and <see cref="ManifestSpec"/>; it is not cached, so it needs no value equality.
/// </summary>
public abstract class JsonNode
{
    protected JsonNode(JsonKind kind, TextSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public JsonKind Kind { get; }

    public TextSpan Span { get; }

    /// <summary>The kind as written in messages ("object", "number", …).</summary>
    public string KindName => KindText(Kind);

    public static string KindText(JsonKind kind) => kind switch
    {
        JsonKind.Object => "object",
        JsonKind.Array => "array",
        JsonKind.String => "string",
        JsonKind.Number => "number",
        JsonKind.True or JsonKind.False => "boolean",
        _ => "null",
    };
}

/// <summary>A JSON object: properties in document order (keys are unique: the reader reports duplicates).</summary>
public sealed class JsonObject : JsonNode
{
    public JsonObject(TextSpan span, IReadOnlyList<JsonProperty> properties)
        : base(JsonKind.Object, span)
    {
        Properties = properties;
    }

    public IReadOnlyList<JsonProperty> Properties { get; }

    /// <summary>The value of property <paramref name="key"/> (ordinal match), or null.</summary>
    public JsonNode? Get(string key)
    {
        foreach (var property in Properties)
        {
            if (property.Key == key)
            {
                return property.Value;
            }
        }

        return null;
    }
}

/// <summary>One member of a <see cref="JsonObject"/>: the key, where the key is written, and the value.</summary>
public sealed class JsonProperty
{
    public JsonProperty(string key, TextSpan keySpan, JsonNode value)
    {
        Key = key;
        KeySpan = keySpan;
        Value = value;
    }

    public string Key { get; }

    public TextSpan KeySpan { get; }

    public JsonNode Value { get; }
}

/// <summary>A JSON array.</summary>
public sealed class JsonArray : JsonNode
{
    public JsonArray(TextSpan span, IReadOnlyList<JsonNode> items)
        : base(JsonKind.Array, span)
    {
        Items = items;
    }

    public IReadOnlyList<JsonNode> Items { get; }
}

/// <summary>A JSON string, escapes decoded.</summary>
public sealed class JsonString : JsonNode
{
    public JsonString(TextSpan span, string value)
        : base(JsonKind.String, span)
    {
        Value = value;
    }

    public string Value { get; }
}

/// <summary>
/// A JSON number kept as written (<see cref="Text"/>), so a float can be parsed straight to float32 with one
/// rounding, and an integer is exact. <see cref="Integer"/> is set when the text has no fraction or exponent and
/// fits a 64-bit integer.
/// </summary>
public sealed class JsonNumber : JsonNode
{
    public JsonNumber(TextSpan span, string text, long? integer, double value)
        : base(JsonKind.Number, span)
    {
        Text = text;
        Integer = integer;
        Value = value;
    }

    public string Text { get; }

    public long? Integer { get; }

    public double Value { get; }
}

/// <summary>true, false or null.</summary>
public sealed class JsonLiteral : JsonNode
{
    public JsonLiteral(JsonKind kind, TextSpan span)
        : base(kind, span)
    {
    }
}
