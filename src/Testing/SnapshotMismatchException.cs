namespace Specialized.Testing;

/// <summary>Generated code differs from the committed snapshots; the message holds the unified diffs.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
