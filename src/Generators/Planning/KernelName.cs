using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Specialized.Generators.Model;

namespace Specialized.Generators.Planning;

/// <summary>
/// A kernel's name as a parsed contract (like XNNPACK's micro-kernel names):
/// <c>{Op}_{w{bits} per channel group}a{activation bits}_{rows}x{channels}__{Family}</c> for weighted layers, e.g.
/// <c>Conv_w2w6a5_7x32__Int16Accumulation</c> (rows × channels: the register tile of the family's first path), and <c>{Op}_a{activation bits}__{Family}</c> for the others, e.g.
/// <c>Maxpool_a6__Reference</c>. The planner formats names with <see cref="ToString"/>; tools and tests recover
/// the parts with <see cref="TryParse"/>.
/// </summary>
public sealed record KernelName(string Op, IReadOnlyList<int> WeightBits, int ActivationBits, int TileRows, int TileChannels, string Family)
{
    public override string ToString()
    {
        string activation = "a" + ActivationBits.ToString(CultureInfo.InvariantCulture);
        if (WeightBits.Count == 0)
        {
            return $"{Op}_{activation}__{Family}";
        }

        string weights = string.Concat(WeightBits.Select(b => "w" + b.ToString(CultureInfo.InvariantCulture)));
        return $"{Op}_{weights}{activation}_{TileRows}x{TileChannels}__{Family}";
    }

    public bool Equals(KernelName? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Parses a name made by <see cref="ToString"/>; false for anything else.</summary>
    public static bool TryParse(string text, out KernelName? name)
    {
        name = null;
        int split = text.IndexOf("__", StringComparison.Ordinal);
        if (split <= 0 || split + 2 >= text.Length)
        {
            return false;
        }

        string family = text.Substring(split + 2);
        string[] parts = text.Substring(0, split).Split('_');
        if (parts.Length is not (2 or 3) || parts[0].Length == 0 || !char.IsUpper(parts[0][0]))
        {
            return false;
        }

        var weights = new List<int>();
        string widths = parts[1];
        int at = 0;
        while (at < widths.Length && widths[at] == 'w')
        {
            int end = at + 1;
            while (end < widths.Length && char.IsDigit(widths[end]))
            {
                end++;
            }

            if (end == at + 1)
            {
                return false;
            }

            weights.Add(int.Parse(widths.Substring(at + 1, end - at - 1), CultureInfo.InvariantCulture));
            at = end;
        }

        if (at >= widths.Length || widths[at] != 'a' || !int.TryParse(widths.Substring(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int activation))
        {
            return false;
        }

        int rows = 0, channels = 0;
        if (parts.Length == 3)
        {
            string[] tile = parts[2].Split('x');
            if (weights.Count == 0 || tile.Length != 2
                || !int.TryParse(tile[0], NumberStyles.None, CultureInfo.InvariantCulture, out rows)
                || !int.TryParse(tile[1], NumberStyles.None, CultureInfo.InvariantCulture, out channels))
            {
                return false;
            }
        }
        else if (weights.Count != 0)
        {
            return false;
        }

        name = new KernelName(parts[0], weights, activation, rows, channels, family);
        return true;
    }

    internal static KernelName For(Specialized.Manifest.LayerSpec layer, TensorPlan input, KernelFamily family, int tileRows, int tileChannels)
    {
        string opName = Specialized.Manifest.LayerOps.Name(layer.Op);
        string op = char.ToUpperInvariant(opName[0]) + opName.Substring(1);
        var weights = layer.Weights is { } w ? w.ChannelGroups.Select(g => g.WeightBits).ToArray() : Array.Empty<int>();
        return weights.Length == 0
            ? new KernelName(op, weights, input.Bits, 0, 0, family.ToString())
            : new KernelName(op, weights, input.Bits, tileRows, tileChannels, family.ToString());
    }
}
