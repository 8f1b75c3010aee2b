using Specialized.Manifest;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>
/// One test per error code: a single edit of the hand-made manifest, and the error's code and line/column must be
/// those of the edited token, found here by searching the text (not by the parser).
/// </summary>
public class ManifestErrorTests
{
    [Fact]
    public void TheUneditedManifestParses()
    {
        var result = ManifestParser.Parse(TinyManifest.Text);
        Assert.True(result.Success, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData(ManifestErrorCode.InvalidJson, "\"groups\": 1,", "\"groups\": @,", "@")]
    [InlineData(ManifestErrorCode.DuplicateKey, "\"groups\": 1,", "\"groups\": 1, \"groups\": 1,", "\"groups\": 1,", 2)]
    [InlineData(ManifestErrorCode.UnsupportedFormatVersion, "\"formatVersion\": 1", "\"formatVersion\": 7", "7")]
    [InlineData(ManifestErrorCode.MissingField, "\"groups\": 1,\n", "", "{\n      \"name\": \"conv1\"")]
    [InlineData(ManifestErrorCode.WrongType, "\"groups\": 1,", "\"groups\": \"1\",", "\"1\"")]
    [InlineData(ManifestErrorCode.UnknownField, "\"groups\": 1,", "\"groups\": 1, \"colour\": 2,", "\"colour\"")]
    [InlineData(ManifestErrorCode.InvalidValue, "\"stride\": [1, 1]", "\"stride\": [1, 0]", "0]")]
    [InlineData(ManifestErrorCode.UnknownTensor, "\"inputs\": [\"x\"]", "\"inputs\": [\"nope\"]", "[\"nope\"]")]
    [InlineData(ManifestErrorCode.DuplicateId, "{ \"id\": \"z\"", "{ \"id\": \"x\"", "\"x\", \"shape\": [2, 1, 1]")]
    [InlineData(ManifestErrorCode.UnsupportedOp, "\"op\": \"conv\"", "\"op\": \"deconv\"", "\"deconv\"")]
    [InlineData(ManifestErrorCode.UnsupportedWidth, "\"weightBits\": 8", "\"weightBits\": 9", "9,")]
    [InlineData(ManifestErrorCode.ShapeMismatch, "\"shape\": [2, 2, 2]", "\"shape\": [2, 3, 3]", "\"y\",\n      \"kernel\"")]
    [InlineData(ManifestErrorCode.LengthMismatch, "\"bias\": [3, -7]", "\"bias\": [3]", "[3]")]
    [InlineData(ManifestErrorCode.QuantizationMismatch, "\"scale\": 0.25, \"zeroPoint\": 5 }\n  ]", "\"scale\": 0.5, \"zeroPoint\": 5 }\n  ]", "[\"y\"]")]
    [InlineData(ManifestErrorCode.BlobRange, "\"offset\": 0, \"length\": 18 }", "\"offset\": 0, \"length\": 17 }", "{ \"offset\": 0, \"length\": 17 }")]
    public void OneEdit_GivesItsCodeAtTheEditedToken(ManifestErrorCode code, string find, string replace, string marker, int occurrence = 1)
    {
        string text = Edit(TinyManifest.Text, find, replace);
        var result = ManifestParser.Parse(text);
        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors, e => e.Code == code);
        var (offset, line, column) = Locate(text, marker, occurrence);
        Assert.True((line, column, offset) == (error.Span.Line, error.Span.Column, error.Span.Offset), $"{error}: expected line {line}, column {column}, offset {offset}");
        Assert.StartsWith($"SP{(int)code:D4}", error.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void TooDeep_IsReportedAtTheFirstBracketPastTheLimit()
    {
        string text = new string('[', JsonReader.MaxDepth + 1) + new string(']', JsonReader.MaxDepth + 1);
        var error = Assert.Single(ManifestParser.Parse(text).Errors);
        Assert.Equal(ManifestErrorCode.TooDeep, error.Code);
        Assert.Equal((1, JsonReader.MaxDepth + 1), (error.Span.Line, error.Span.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"formatVersion\": 1")]
    [InlineData("[1, 2,]")]
    [InlineData("\"\\x\"")]
    [InlineData("01")]
    [InlineData("{\"a\" 1}")]
    [InlineData("nul")]
    [InlineData("\"abc")]
    [InlineData("1 2")]
    public void Malformed_IsOneInvalidJsonErrorAndNoException(string text)
    {
        var result = ManifestParser.Parse(text);
        Assert.Null(result.Spec);
        Assert.Equal(ManifestErrorCode.InvalidJson, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Truncations_AndByteNoise_NeverThrow()
    {
        // The generator must never throw: every prefix and many random corruptions of a valid manifest give errors.
        string text = TinyManifest.Text;
        for (int length = 0; length < text.Length; length += 7)
        {
            Assert.False(ManifestParser.Parse(text[..length]).Success);
        }

        var random = new Random(42);
        for (int i = 0; i < 500; i++)
        {
            var chars = text.ToCharArray();
            chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
            var result = ManifestParser.Parse(new string(chars));
            Assert.True(result.Success || !result.Errors.IsEmpty, $"case {i}");
        }
    }

    [Fact]
    public void ErrorsOnLaterLines_CountLinesAndColumnsFromOne()
    {
        string text = "{\n  \"formatVersion\": 1,\n    \"name\": 5\n}";
        var errors = ManifestParser.Parse(text).Errors;
        var wrongType = Assert.Single(errors, e => e.Code == ManifestErrorCode.WrongType);
        Assert.Equal((3, 13, text.IndexOf('5', StringComparison.Ordinal), 1), (wrongType.Span.Line, wrongType.Span.Column, wrongType.Span.Offset, wrongType.Span.Length));
    }

    private static string Edit(string text, string find, string replace)
    {
        int index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' is not in the manifest");
        return text[..index] + replace + text[(index + find.Length)..];
    }

    /// <summary>Offset, 1-based line and column of the <paramref name="occurrence"/>-th <paramref name="marker"/>.</summary>
    private static (int Offset, int Line, int Column) Locate(string text, string marker, int occurrence)
    {
        int offset = -1;
        for (int i = 0; i < occurrence; i++)
        {
            offset = text.IndexOf(marker, offset + 1, StringComparison.Ordinal);
            Assert.True(offset >= 0, $"marker '{marker}' not found");
        }

        int line = 1 + text.Take(offset).Count(c => c == '\n');
        int lineStart = text.LastIndexOf('\n', Math.Max(offset - 1, 0)) + 1;
        return (offset, line, offset - lineStart + 1);
    }
}
