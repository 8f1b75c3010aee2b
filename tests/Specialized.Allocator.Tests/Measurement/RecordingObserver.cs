using Specialized.Allocator.Sensitivity.Measurement;

namespace Specialized.Allocator.Tests.Measurement;

/// <summary>Records what a measurement reports; optionally cancels after a number of computed records.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? cancelAfter = null, int limit = int.MaxValue) : IMeasurementObserver
{
    public int Total { get; private set; }

    public int Cached { get; private set; }

    public List<MeasurementKey> Measured { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Started(int total, int cached)
    {
        Total = total;
        Cached = cached;
    }

    void IMeasurementObserver.Measured(MeasurementKey key)
    {
        Measured.Add(key);
        if (Measured.Count == limit)
        {
            cancelAfter?.Cancel();
        }
    }

    public void Warning(string message) => Warnings.Add(message);
}
