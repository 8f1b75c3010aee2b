namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>Receives measurement progress. Called on the measuring thread; keep the calls cheap.</summary>
public interface IMeasurementObserver
{
    /// <summary>Once, before any work: <paramref name="total"/> records in the run, <paramref name="cached"/> of them already in the cache.</summary>
    void Started(int total, int cached);

    /// <summary>After each record is computed and persisted (not for records loaded from the cache).</summary>
    void Measured(MeasurementKey key);

    /// <summary>A problem the run recovers from (a discarded or truncated cache, for example).</summary>
    void Warning(string message);
}
