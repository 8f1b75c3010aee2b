using System.Globalization;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// What one cache record measured: the float model (Layer = −1), one layer at one option (Other = −1), or a pair
/// l &lt; m — always over samples [Start, Start + Count) of the calibration set.
/// </summary>
public readonly record struct MeasurementKey(int Layer, int Option, int Other, int OtherOption, int Start, int Count)
{
    public static MeasurementKey Float(int start, int count) => new(-1, -1, -1, -1, start, count);

    public static MeasurementKey Single(int layer, int option, int start, int count) => new(layer, option, -1, -1, start, count);

    public static MeasurementKey Pair(int layer, int option, int other, int otherOption, int start, int count) =>
        new(layer, option, other, otherOption, start, count);

    public bool IsFloat => Layer < 0;

    public bool IsPair => Other >= 0;

    /// <summary>The record's fields as cache text: <c>F start count</c>, <c>S l s start count</c> or <c>P l s m t start count</c>.</summary>
    public string Format() => IsFloat ? Invariant($"F {Start} {Count}")
        : IsPair ? Invariant($"P {Layer} {Option} {Other} {OtherOption} {Start} {Count}")
        : Invariant($"S {Layer} {Option} {Start} {Count}");

    /// <summary>Parses the fields written by <see cref="Format"/>; null when they are malformed.</summary>
    public static MeasurementKey? Parse(ReadOnlySpan<string> fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        int expected = fields[0] switch { "F" => 3, "S" => 5, "P" => 7, _ => 0 };
        if (expected == 0 || fields.Length != expected)
        {
            return null;
        }

        var numbers = new int[expected - 1];
        for (int i = 1; i < expected; i++)
        {
            if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i - 1]))
            {
                return null;
            }
        }

        return fields[0] switch
        {
            "F" => Float(numbers[0], numbers[1]),
            "S" => Single(numbers[0], numbers[1], numbers[2], numbers[3]),
            _ => Pair(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]),
        };
    }

    public override string ToString() => IsFloat ? $"float [{Start}, {Start + Count})"
        : IsPair ? $"layers {Layer}/{Other} options {Option}/{OtherOption} [{Start}, {Start + Count})"
        : $"layer {Layer} option {Option} [{Start}, {Start + Count})";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
