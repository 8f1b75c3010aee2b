using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TextSpan = Microsoft.CodeAnalysis.Text.TextSpan;
using Specialized.Manifest;

namespace Specialized.Generators.Helpers;

/// <summary>
/// A diagnostic as plain data with value equality, so it can travel through cached pipeline steps. Roslyn's
/// <see cref="Diagnostic"/> and <see cref="Location"/> have no useful equality; the <see cref="Location"/> is
/// built only at reporting time.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> MessageArgs,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var location = Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(descriptor, location, MessageArgs.Cast<object>().ToArray());
    }

    /// <summary>A diagnostic at <paramref name="span"/> (a manifest token) of <paramref name="text"/>.</summary>
    public static DiagnosticInfo At(string id, string path, string text, Specialized.Manifest.TextSpan span, params string[] args)
    {
        var (start, end) = Positions(text, span);
        int offset = System.Math.Min(System.Math.Max(span.Offset, 0), text.Length);
        int length = System.Math.Min(System.Math.Max(span.Length, 0), text.Length - offset);
        return new DiagnosticInfo(id, EquatableArray.Create(args), path, new TextSpan(offset, length), new LinePositionSpan(start, end));
    }

    /// <summary>A diagnostic not tied to a token (placed at the start of the file).</summary>
    public static DiagnosticInfo AtStart(string id, string path, params string[] args) =>
        new(id, EquatableArray.Create(args), path, new TextSpan(0, 0), new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, 0)));

    // The manifest reader counts lines and columns from 1; Roslyn from 0. The end is found by walking the token.
    private static (LinePosition Start, LinePosition End) Positions(string text, Specialized.Manifest.TextSpan span)
    {
        var start = new LinePosition(System.Math.Max(span.Line - 1, 0), System.Math.Max(span.Column - 1, 0));
        int line = start.Line, column = start.Character;
        int end = System.Math.Min(span.Offset + System.Math.Max(span.Length, 0), text.Length);
        for (int i = System.Math.Max(span.Offset, 0); i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 0;
            }
            else
            {
                column++;
            }
        }

        return (start, new LinePosition(line, column));
    }
}
