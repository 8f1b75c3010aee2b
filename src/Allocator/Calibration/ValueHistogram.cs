namespace Specialized.Allocator.Calibration;

/// <summary>
/// Counts of values in <see cref="BinCount"/> equal bins over a fixed [Min, Max] (the last bin closed on the right);
/// values outside are counted in the nearest end bin. What the MSE clipping search runs on: a few thousand bins
/// instead of millions of values.
/// </summary>
public sealed class ValueHistogram
{
    private readonly long[] _counts;
    private readonly double _binWidth;

    /// <exception cref="ArgumentException">The bounds are not finite or min &gt; max, or binCount &lt; 1.</exception>
    public ValueHistogram(float min, float max, int binCount = 2048)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"histogram range [{min}, {max}] must be finite with min <= max");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        Min = min;
        Max = max;
        _counts = new long[binCount];
        _binWidth = ((double)max - min) / binCount;
    }

    public float Min { get; }

    public float Max { get; }

    public int BinCount => _counts.Length;

    public long Total { get; private set; }

    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Centre of bin <paramref name="bin"/>: Min + (bin + ½)·width. For an empty range every centre is Min.</summary>
    public double Center(int bin) => Min + (bin + 0.5) * _binWidth;

    public void Add(ReadOnlySpan<float> values)
    {
        int last = _counts.Length - 1;
        if (_binWidth == 0)
        {
            _counts[0] += values.Length;
            Total += values.Length;
            return;
        }

        double inverse = 1.0 / _binWidth;
        foreach (float v in values)
        {
            double position = (v - (double)Min) * inverse;
            int bin = position <= 0 ? 0 : position >= last ? last : (int)position;
            _counts[bin]++;
        }

        Total += values.Length;
    }
}
