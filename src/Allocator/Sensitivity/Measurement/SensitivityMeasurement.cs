namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>The result of <see cref="SensitivityMeasurer.Measure"/>: the table and what it cost.</summary>
/// <param name="Table">The measured perturbations.</param>
/// <param name="RecordsComputed">Records computed in this run (each one persisted as it completed).</param>
/// <param name="RecordsLoaded">Records taken from the cache instead.</param>
/// <param name="FullPasses">Batch forward passes of the float model (capturing the snapshots).</param>
/// <param name="PartialPasses">Batch passes run from a snapshot (a suffix of the network) with one or two layers replaced.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record SensitivityMeasurement(
    SensitivityTable Table,
    int RecordsComputed,
    int RecordsLoaded,
    long FullPasses,
    long PartialPasses,
    TimeSpan Elapsed);
