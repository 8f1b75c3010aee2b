using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Specialized.Testing;

/// <summary>A unified diff (hunks with three lines of context) of two texts, computed with DiffPlex.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string expected, string actual, string expectedName, string actualName)
    {
        var result = new Differ().CreateLineDiffs(expected, actual, ignoreWhitespace: false, ignoreCase: false);
        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var text = new StringBuilder().Append("--- ").AppendLine(expectedName).Append("+++ ").AppendLine(actualName);
        int i = 0;
        while (i < result.DiffBlocks.Count)
        {
            // Merge blocks whose context would overlap into one hunk.
            int j = i;
            while (j + 1 < result.DiffBlocks.Count && result.DiffBlocks[j + 1].DeleteStartA - End(result.DiffBlocks[j]).A <= 2 * Context)
            {
                j++;
            }

            AppendHunk(text, result.DiffBlocks, i, j, oldLines, newLines);
            i = j + 1;
        }

        return text.ToString();
    }

    private static (int A, int B) End(DiffBlock block) => (block.DeleteStartA + block.DeleteCountA, block.InsertStartB + block.InsertCountB);

    private static void AppendHunk(StringBuilder text, IList<DiffBlock> blocks, int first, int last, IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        int startA = Math.Max(0, blocks[first].DeleteStartA - Context);
        int startB = Math.Max(0, blocks[first].InsertStartB - Context);
        int endA = Math.Min(oldLines.Count, End(blocks[last]).A + Context);
        int endB = Math.Min(newLines.Count, End(blocks[last]).B + Context);
        text.Append("@@ -").Append(startA + 1).Append(',').Append(endA - startA).Append(" +").Append(startB + 1).Append(',').Append(endB - startB).AppendLine(" @@");
        int a = startA;
        for (int k = first; k <= last; k++)
        {
            var block = blocks[k];
            for (; a < block.DeleteStartA; a++)
            {
                text.Append(' ').AppendLine(oldLines[a]);
            }

            for (int d = 0; d < block.DeleteCountA; d++)
            {
                text.Append('-').AppendLine(oldLines[block.DeleteStartA + d]);
            }

            for (int n = 0; n < block.InsertCountB; n++)
            {
                text.Append('+').AppendLine(newLines[block.InsertStartB + n]);
            }

            a = block.DeleteStartA + block.DeleteCountA;
        }

        for (; a < endA; a++)
        {
            text.Append(' ').AppendLine(oldLines[a]);
        }
    }
}
