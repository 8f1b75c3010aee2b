using Specialized.Runtime.Data;

namespace Specialized.Allocator.Datasets;

/// <summary>
/// A DATA argument that cannot be used with the model: a missing file, an unreadable labels.csv, a sample shape
/// the model does not take, a label count that does not match the sample count, a label outside the classes.
/// </summary>
/// <remarks>
/// Derives from <see cref="DataFormatException"/> so the CLI's error policy (one line, exit code 2) applies without
/// a new case; the message starts with the argument or file at fault.
/// </remarks>
public sealed class DatasetException(string source, string problem) : DataFormatException(source, problem);
