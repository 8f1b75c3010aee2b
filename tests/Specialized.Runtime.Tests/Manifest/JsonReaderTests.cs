using Specialized.Manifest;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>The hand-written JSON reader: values, escapes, numbers kept as text, positions.</summary>
public class JsonReaderTests
{
    [Fact]
    public void Values_AndTheirSpans()
    {
        string text = "{ \"a\": [1, -2.5e3, true, false, null],\n  \"b\\u00e9\\n\": \"x\\\"y\\\\z\\/\" }";
        var errors = new List<ManifestError>();
        var root = Assert.IsType<JsonObject>(JsonReader.Parse(text, errors));
        Assert.Empty(errors);
        Assert.Equal((0, text.Length, 1, 1), (root.Span.Offset, root.Span.Length, root.Span.Line, root.Span.Column));

        var array = Assert.IsType<JsonArray>(root.Get("a"));
        Assert.Equal([JsonKind.Number, JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null], array.Items.Select(i => i.Kind));
        var fraction = Assert.IsType<JsonNumber>(array.Items[1]);
        Assert.Equal(("-2.5e3", (long?)null, -2500.0), (fraction.Text, fraction.Integer, fraction.Value));
        Assert.Equal(text.IndexOf("-2.5e3", StringComparison.Ordinal), fraction.Span.Offset);
        Assert.Equal(6, fraction.Span.Length);

        var property = root.Properties[1];
        Assert.Equal("b\u00e9\n", property.Key);
        Assert.Equal((2, 3), (property.KeySpan.Line, property.KeySpan.Column));
        Assert.Equal("x\"y\\z/", Assert.IsType<JsonString>(property.Value).Value);
    }

    [Theory]
    [InlineData("9223372036854775807", 9223372036854775807L)]
    [InlineData("-9223372036854775808", -9223372036854775808L)]
    [InlineData("0", 0L)]
    public void Integers_AreExact(string text, long expected)
    {
        var number = Assert.IsType<JsonNumber>(JsonReader.Parse(text, []));
        Assert.Equal(expected, number.Integer);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    public void NonIntegers_HaveNoIntegerValue(string text)
    {
        var number = Assert.IsType<JsonNumber>(JsonReader.Parse(text, []));
        Assert.Null(number.Integer);
    }

    [Fact]
    public void HugeExponent_IsANumberNotACrash_AndTheBinderRejectsItAsAFloat()
    {
        var number = Assert.IsType<JsonNumber>(JsonReader.Parse("1e999", []));
        Assert.True(double.IsPositiveInfinity(number.Value));
        var result = ManifestParser.Parse(TinyManifest.Text.Replace("\"scale\": 0.5", "\"scale\": 1e999", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Code == ManifestErrorCode.InvalidValue && e.Message.Contains("1e999", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateKeys_AreReportedButReadingGoesOn()
    {
        var errors = new List<ManifestError>();
        var root = Assert.IsType<JsonObject>(JsonReader.Parse("{\"k\": 1, \"k\": 2, \"m\": 3}", errors));
        Assert.Equal(ManifestErrorCode.DuplicateKey, Assert.Single(errors).Code);
        Assert.Equal(1L, ((JsonNumber)root.Get("k")!).Integer);
        Assert.NotNull(root.Get("m"));
    }
}
