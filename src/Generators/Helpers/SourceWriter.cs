using System;
using System.Text;

namespace Specialized.Generators.Helpers;

/// <summary>
/// A <see cref="StringBuilder"/> that indents: <see cref="WriteLine(string)"/> prefixes the current indentation
/// to every line of its argument (so multi-line raw strings re-indent), and <see cref="ToString"/> requires the
/// indentation to be back at zero, which catches an unbalanced block in the emitter.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();

    public int Indentation { get; set; }

    public SourceWriter WriteLine(string text = "")
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return this;
        }

        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0)
            {
                for (int i = 0; i < Indentation; i++)
                {
                    _builder.Append(IndentUnit);
                }
            }

            _builder.Append(line).Append('\n');
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/> (none when empty: a bare block), an opening brace, and indents.</summary>
    public SourceWriter Open(string header)
    {
        if (header.Length > 0)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indentation++;
        return this;
    }

    /// <summary>Dedents and writes the closing brace (plus <paramref name="suffix"/>).</summary>
    public SourceWriter Close(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
        return this;
    }

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException($"unbalanced blocks in emitted source (indentation {Indentation})");
        }

        return _builder.ToString();
    }
}
