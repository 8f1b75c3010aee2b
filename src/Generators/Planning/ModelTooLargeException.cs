using System;

namespace Specialized.Generators.Planning;

/// <summary>The planner's arena does not fit int32 offsets; the pipeline reports it as SP0023.</summary>
internal sealed class ModelTooLargeException(long bytes) : Exception($"the arena needs {bytes} bytes")
{
    public long Bytes { get; } = bytes;
}
