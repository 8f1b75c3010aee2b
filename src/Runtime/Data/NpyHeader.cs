using System.Globalization;

namespace Specialized.Runtime.Data;

/// <summary>
/// The header dictionary of an NPY file, parsed strictly: exactly the keys <c>descr</c> (a string),
/// <c>fortran_order</c> (True / False) and <c>shape</c> (a tuple of non-negative ints: <c>()</c>, <c>(3,)</c>,
/// <c>(2, 3)</c>), in any order, each once, optional trailing comma, then only spaces up to the final newline.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape)
{
    public static NpyHeader Parse(string text, string sourceName)
    {
        var parser = new Parser(text, sourceName);
        return parser.ParseDictionary();
    }

    /// <summary>The header text numpy writes for a C-order array: <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.</summary>
    public static string Format(string descr, IReadOnlyList<int> shape)
    {
        string tuple = shape.Count == 1
            ? $"({shape[0]},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        return $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {tuple}, }}";
    }

    private sealed class Parser(string text, string sourceName)
    {
        private int _pos;

        public NpyHeader ParseDictionary()
        {
            string? descr = null;
            bool? fortran = null;
            int[]? shape = null;
            Expect('{');
            while (true)
            {
                SkipSpaces();
                if (Peek() == '}')
                {
                    _pos++;
                    break;
                }

                string key = ParseString();
                Expect(':');
                switch (key)
                {
                    case "descr" when descr is null:
                        descr = ParseString();
                        break;
                    case "fortran_order" when fortran is null:
                        fortran = ParseBool();
                        break;
                    case "shape" when shape is null:
                        shape = ParseShape();
                        break;
                    case "descr" or "fortran_order" or "shape":
                        throw Fail($"header key '{key}' appears twice");
                    default:
                        throw Fail($"unexpected header key '{key}'");
                }

                SkipSpaces();
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != '}')
                {
                    throw Fail("expected ',' or '}' after a header value");
                }
            }

            // Padding: spaces, then exactly one newline at the very end (numpy also tolerates none in old files).
            string rest = text[_pos..].TrimEnd('\n').TrimEnd(' ');
            if (rest.Length != 0)
            {
                throw Fail("unexpected text after the header dictionary");
            }

            return new NpyHeader(
                descr ?? throw Fail("header has no 'descr'"),
                fortran ?? throw Fail("header has no 'fortran_order'"),
                shape ?? throw Fail("header has no 'shape'"));
        }

        private int[] ParseShape()
        {
            Expect('(');
            var dims = new List<int>();
            bool sawComma = false;
            while (true)
            {
                SkipSpaces();
                if (Peek() == ')')
                {
                    _pos++;
                    break;
                }

                dims.Add(ParseInt());
                SkipSpaces();
                sawComma = Peek() == ',';
                if (sawComma)
                {
                    _pos++;
                }
                else if (Peek() != ')')
                {
                    throw Fail("expected ',' or ')' in the shape tuple");
                }
            }

            // "(3)" is the int 3 in Python, not a tuple: a one-element tuple needs its comma.
            if (dims.Count == 1 && !sawComma)
            {
                throw Fail("shape '(n)' is not a tuple; a one-dimensional shape is written '(n,)'");
            }

            return [.. dims];
        }

        private int ParseInt()
        {
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Fail("expected a non-negative integer dimension");
            }

            if (!int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw Fail($"dimension {text[start.._pos]} is larger than {int.MaxValue}");
            }

            return value;
        }

        private bool ParseBool()
        {
            SkipSpaces();
            foreach ((string word, bool value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            }

            throw Fail("expected True or False");
        }

        private string ParseString()
        {
            SkipSpaces();
            char quote = Peek();
            if (quote != '\'' && quote != '"')
            {
                throw Fail("expected a quoted string");
            }

            int end = text.IndexOf(quote, _pos + 1);
            if (end < 0)
            {
                throw Fail("unterminated string");
            }

            string value = text[(_pos + 1)..end];
            _pos = end + 1;
            return value;
        }

        private void Expect(char c)
        {
            SkipSpaces();
            if (Peek() != c)
            {
                throw Fail($"expected '{c}'");
            }

            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private DataFormatException Fail(string problem)
        {
            return new DataFormatException(sourceName, $"NPY header {problem} at offset {_pos} of \"{text.TrimEnd()}\"");
        }
    }
}
