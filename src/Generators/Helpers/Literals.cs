using System.Globalization;

namespace Specialized.Generators.Helpers;

/// <summary>C# literals with invariant formatting. Floats use "G9", which round-trips every float on every host.</summary>
internal static class Literals
{
    public static string Float(float value) => value.ToString("G9", CultureInfo.InvariantCulture) + "f";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A C# string literal (regular, escaped), as Roslyn formats one.</summary>
    public static string String(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Text safe inside a single-line <c>//</c> comment (a manifest name could hold a newline).</summary>
    public static string Comment(string value) => value.Replace('\r', ' ').Replace('\n', ' ');

    public static string IntArray(System.Collections.Generic.IEnumerable<int> values) =>
        "new int[] { " + string.Join(", ", System.Linq.Enumerable.Select(values, Int)) + " }";

    public static string FloatArray(System.Collections.Generic.IEnumerable<float> values) =>
        "new float[] { " + string.Join(", ", System.Linq.Enumerable.Select(values, Float)) + " }";
}
