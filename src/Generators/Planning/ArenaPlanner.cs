using System.Collections.Generic;

namespace Specialized.Generators.Planning;

/// <summary>
/// Places buffers in one arena from their lifetimes, at generation time. A buffer lives from the step that writes
/// it to the last step that reads it, both inclusive, so a layer's output never overlaps its own inputs. First fit
/// in definition order, each offset aligned to <see cref="Alignment"/> bytes (a cache line: SIMD loads of one
/// buffer never share a line with another's writes).
/// </summary>
internal sealed class ArenaPlanner
{
    public const int Alignment = 64;

    private readonly List<(int Offset, int Size, int First, int Last)> _placed = new();

    /// <summary>Total bytes used so far.</summary>
    public long Size { get; private set; }

    /// <summary>Places a buffer of <paramref name="size"/> bytes live during steps [<paramref name="first"/>, <paramref name="last"/>]; returns its offset.</summary>
    public int Place(int size, int first, int last)
    {
        var conflicts = new List<(int Offset, int End)>();
        foreach (var p in _placed)
        {
            if (p.First <= last && first <= p.Last)
            {
                conflicts.Add((p.Offset, p.Offset + p.Size));
            }
        }

        conflicts.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        long offset = 0;
        foreach (var (start, end) in conflicts)
        {
            if (offset + size <= start)
            {
                break;
            }

            if (end > offset)
            {
                offset = Align(end);
            }
        }

        _placed.Add(((int)offset, size, first, last));
        if (offset + size > Size)
        {
            Size = offset + size;
        }

        return (int)offset;
    }

    private static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;
}
