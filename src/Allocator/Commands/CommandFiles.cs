using System.Globalization;

namespace Specialized.Allocator.Commands;

/// <summary>Argument checks shared by the commands, each failing with a <see cref="UserInputException"/> naming the option.</summary>
internal static class CommandFiles
{
    public static void Require(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw new UserInputException($"{option}: file not found: {file.FullName}");
        }
    }

    /// <summary>"0.5" or "0.485,0.456,0.406" → floats (invariant culture).</summary>
    public static float[] FloatList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                throw new UserInputException($"{option}: '{parts[i]}' is not a number (expected e.g. 0.5 or 0.485,0.456,0.406)");
            }
        }

        return values;
    }
}
