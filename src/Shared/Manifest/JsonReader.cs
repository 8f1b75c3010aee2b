using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Specialized.Manifest;

/// <summary>
/// A small strict JSON reader (RFC 8259) that keeps positions for diagnostics and never throws: it returns the
/// DOM, or null plus one error at the first syntax problem. Duplicate keys are reported (and the later value
/// dropped) but do not stop reading. Written by hand because the generator (netstandard2.0) cannot easily ship
/// System.Text.Json.
/// </summary>
public sealed class JsonReader
{
    /// <summary>Deepest nesting of arrays and objects accepted; a manifest needs 4, so 64 is generous and keeps recursion shallow.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<ManifestError> _errors;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private JsonReader(string text, List<ManifestError> errors)
    {
        _text = text;
        _errors = errors;
    }

    /// <summary>Parses <paramref name="text"/>; errors are appended to <paramref name="errors"/>. Returns null when the text is not JSON.</summary>
    public static JsonNode? Parse(string text, List<ManifestError> errors)
    {
        var reader = new JsonReader(text ?? string.Empty, errors);
        try
        {
            reader.SkipWhitespace();
            JsonNode root = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position < reader._text.Length)
            {
                throw reader.Fail(ManifestErrorCode.InvalidJson, "unexpected text after the JSON value", 1);
            }

            return root;
        }
        catch (SyntaxError error)
        {
            errors.Add(error.Error);
            return null;
        }
    }

    private JsonNode ReadValue(int depth)
    {
        if (_position >= _text.Length)
        {
            throw Fail(ManifestErrorCode.InvalidJson, "unexpected end of text, expected a value", 0);
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ReadObject(depth + 1);
            case '[':
                return ReadArray(depth + 1);
            case '"':
                var start = Here();
                string value = ReadString();
                return new JsonString(SpanFrom(start), value);
            case 't':
                return ReadLiteral("true", JsonKind.True);
            case 'f':
                return ReadLiteral("false", JsonKind.False);
            case 'n':
                return ReadLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw Fail(ManifestErrorCode.InvalidJson, $"unexpected character '{Printable(c)}', expected a value", 1);
        }
    }

    private JsonObject ReadObject(int depth)
    {
        var start = Here();
        CheckDepth(depth);
        _position++;
        var properties = new List<JsonProperty>();
        var keys = new HashSet<string>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return new JsonObject(SpanFrom(start), properties);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Fail(ManifestErrorCode.InvalidJson, "expected a property name in double quotes", _position < _text.Length ? 1 : 0);
            }

            var keyStart = Here();
            string key = ReadString();
            var keySpan = SpanFrom(keyStart);
            SkipWhitespace();
            Expect(':', "expected ':' after a property name");
            SkipWhitespace();
            JsonNode value = ReadValue(depth);
            if (keys.Add(key))
            {
                properties.Add(new JsonProperty(key, keySpan, value));
            }
            else
            {
                _errors.Add(new ManifestError(ManifestErrorCode.DuplicateKey, $"duplicate key '{key}'", keySpan));
            }

            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == '}')
            {
                _position++;
                return new JsonObject(SpanFrom(start), properties);
            }

            throw Fail(ManifestErrorCode.InvalidJson, "expected ',' or '}' in an object", _position < _text.Length ? 1 : 0);
        }
    }

    private JsonArray ReadArray(int depth)
    {
        var start = Here();
        CheckDepth(depth);
        _position++;
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return new JsonArray(SpanFrom(start), items);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _position++;
                continue;
            }

            if (next == ']')
            {
                _position++;
                return new JsonArray(SpanFrom(start), items);
            }

            throw Fail(ManifestErrorCode.InvalidJson, "expected ',' or ']' in an array", _position < _text.Length ? 1 : 0);
        }
    }

    private string ReadString()
    {
        _position++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Fail(ManifestErrorCode.InvalidJson, "unterminated string", 0);
            }

            char c = _text[_position];
            if (c == '"')
            {
                _position++;
                return builder.ToString();
            }

            if (c < ' ')
            {
                throw Fail(ManifestErrorCode.InvalidJson, "control character in a string (escape it)", 1);
            }

            if (c != '\\')
            {
                builder.Append(c);
                _position++;
                continue;
            }

            if (_position + 1 >= _text.Length)
            {
                throw Fail(ManifestErrorCode.InvalidJson, "unterminated escape sequence", 1);
            }

            char escape = _text[_position + 1];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 6 > _text.Length
                        || !int.TryParse(_text.Substring(_position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Fail(ManifestErrorCode.InvalidJson, "\\u must be followed by four hex digits", 2);
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw Fail(ManifestErrorCode.InvalidJson, $"invalid escape '\\{Printable(escape)}'", 2);
            }

            _position += 2;
        }
    }

    private JsonNumber ReadNumber()
    {
        var start = Here();
        int begin = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Fail(ManifestErrorCode.InvalidJson, "a number needs digits", _position < _text.Length ? 1 : 0);
        }

        bool integral = true;
        if (Peek() == '.')
        {
            integral = false;
            _position++;
            if (!IsDigit(Peek()))
            {
                throw Fail(ManifestErrorCode.InvalidJson, "a fraction needs digits after '.'", _position < _text.Length ? 1 : 0);
            }

            SkipDigits();
        }

        if (Peek() == 'e' || Peek() == 'E')
        {
            integral = false;
            _position++;
            if (Peek() == '+' || Peek() == '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw Fail(ManifestErrorCode.InvalidJson, "an exponent needs digits", _position < _text.Length ? 1 : 0);
            }

            SkipDigits();
        }

        string text = _text.Substring(begin, _position - begin);
        long? integer = integral && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole) ? whole : null;
        // Overflow is not a syntax error: the binder rejects the value where a range matters.
        double value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : double.PositiveInfinity;
        return new JsonNumber(SpanFrom(start), text, integer, value);
    }

    private JsonLiteral ReadLiteral(string word, JsonKind kind)
    {
        var start = Here();
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            throw Fail(ManifestErrorCode.InvalidJson, $"invalid literal, expected '{word}'", 1);
        }

        _position += word.Length;
        return new JsonLiteral(kind, SpanFrom(start));
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail(ManifestErrorCode.TooDeep, $"nesting deeper than {MaxDepth} levels", 1);
        }
    }

    private void Expect(char c, string message)
    {
        if (Peek() != c)
        {
            throw Fail(ManifestErrorCode.InvalidJson, message, _position < _text.Length ? 1 : 0);
        }

        _position++;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _position++;
        }
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private (int Offset, int Line, int Column) Here() => (_position, _line, _position - _lineStart + 1);

    // Tokens never span lines except whitespace, which is skipped separately, so the start's line is the token's.
    private TextSpan SpanFrom((int Offset, int Line, int Column) start) =>
        new(start.Offset, _position - start.Offset, start.Line, start.Column);

    private SyntaxError Fail(ManifestErrorCode code, string message, int length) =>
        new(new ManifestError(code, message, new TextSpan(_position, length, _line, _position - _lineStart + 1)));

    private static string Printable(char c) => c < ' ' ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

    /// <summary>Internal control flow only: unwinds to <see cref="Parse"/>, which turns it into an error. Never escapes.</summary>
    private sealed class SyntaxError : System.Exception
    {
        public SyntaxError(ManifestError error)
        {
            Error = error;
        }

        public ManifestError Error { get; }
    }
}
