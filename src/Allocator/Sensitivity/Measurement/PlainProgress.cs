using System.Diagnostics;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// Progress as plain lines (for redirected output and CI logs): one line at start, then at most one per
/// <see cref="Interval"/> and a last one when done, each with the count, the percentage and the estimated time left.
/// The estimate divides the elapsed time by the records computed in this run (cached ones cost nothing).
/// </summary>
public sealed class PlainProgress(TextWriter output) : IMeasurementObserver
{
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastLine;
    private int _total;
    private int _done;
    private int _computed;
    private int _toCompute;

    /// <summary>Least time between two progress lines.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public void Started(int total, int cached)
    {
        _total = total;
        _done = cached;
        _toCompute = total - cached;
        _clock.Restart();
        output.WriteLine($"sensitivity: {total} measurements, {cached} from cache, {_toCompute} to run");
    }

    public void Measured(MeasurementKey key)
    {
        _done++;
        _computed++;
        var elapsed = _clock.Elapsed;
        if (_computed == _toCompute || elapsed - _lastLine >= Interval)
        {
            _lastLine = elapsed;
            output.WriteLine($"sensitivity: {_done}/{_total} ({100.0 * _done / Math.Max(1, _total):F0}%), {Format(elapsed)} elapsed, {Format(Remaining(elapsed))} left");
        }
    }

    public void Warning(string message) => output.WriteLine($"warning: {message}");

    /// <summary>Estimated time left: elapsed / computed × still to compute.</summary>
    internal TimeSpan Remaining(TimeSpan elapsed) =>
        _computed == 0 ? TimeSpan.Zero : elapsed / _computed * (_toCompute - _computed);

    private static string Format(TimeSpan time) => time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss") : time.ToString(@"m\:ss");
}
