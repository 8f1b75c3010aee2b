namespace Specialized.Runtime.Execution;

/// <summary>
/// Places buffers with known lifetimes in one arena so buffers that are never alive at the same time share
/// memory. Lifetimes are inclusive step ranges [first, last]: a buffer written at step i must not overlap any
/// buffer still read at step i. First fit by offset, buffers added in order of <c>first</c>.
/// </summary>
internal sealed class ArenaLayout
{
    /// <summary>Offsets are rounded to 16 floats (one cache line) so vector loads never straddle two buffers' lines.</summary>
    private const int Alignment = 16;

    private readonly List<(long Offset, long Length, int Last)> _placed = [];

    /// <summary>Total floats the arena needs.</summary>
    public long Size { get; private set; }

    /// <summary>Places a buffer alive over steps [first, last]; calls must come in non-decreasing <paramref name="first"/>.</summary>
    public long Place(long length, int first, int last)
    {
        long rounded = (Math.Max(length, 1) + Alignment - 1) / Alignment * Alignment;
        _placed.RemoveAll(p => p.Last < first);
        _placed.Sort((x, y) => x.Offset.CompareTo(y.Offset));
        long offset = 0;
        foreach (var p in _placed)
        {
            if (p.Offset - offset >= rounded)
            {
                break;
            }

            offset = Math.Max(offset, p.Offset + p.Length);
        }

        _placed.Add((offset, rounded, last));
        Size = Math.Max(Size, offset + rounded);
        return offset;
    }
}
