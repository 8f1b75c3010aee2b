namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// What every generated <c>{Name}Model</c> class implements, so hosts and tests can hold any generated model
/// without reflection. Disposing stops the model's worker threads (a model built with one thread has none).
/// </summary>
public interface IGeneratedModel : IDisposable
{
    /// <summary>Floats per image taken by <see cref="Run(ReadOnlySpan{float}, Span{float})"/>: the normalized NCHW input.</summary>
    int InputLength { get; }

    /// <summary>Floats per image written: every manifest output, concatenated in manifest order (NCHW within each).</summary>
    int OutputLength { get; }

    /// <summary>Threads a run uses for the conv/gemm layers, the calling thread included.</summary>
    int ThreadCount { get; }

    /// <summary>
    /// Runs one image. Bit-exact with the reference manifest executor. Allocates nothing; not thread-safe (one
    /// instance owns one activation arena).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> or <paramref name="output"/> has the wrong length.</exception>
    void Run(ReadOnlySpan<float> input, Span<float> output);
}
