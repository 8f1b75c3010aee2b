namespace Specialized.Runtime.Data;

/// <summary>
/// A data file (IDX, NPY, PNG) that cannot be read as given: bad magic, an unsupported variant, a length that
/// disagrees with its header. The message always starts with the file (or stream) name, then the problem.
/// </summary>
public class DataFormatException : Exception
{
    public DataFormatException(string sourceName, string problem, Exception? inner = null)
        : base($"{sourceName}: {problem}", inner)
    {
        SourceName = sourceName;
        Problem = problem;
    }

    /// <summary>The file path or stream name given to the reader.</summary>
    public string SourceName { get; }

    /// <summary>The problem alone, without the source name.</summary>
    public string Problem { get; }
}
