using Specialized.Allocator.Manifest;
using Specialized.Runtime.Data;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Manifest;
using Specialized.Runtime.Onnx;

namespace Specialized.Allocator;

/// <summary>Raised by a command when the user's input cannot be used; the message is shown as is.</summary>
public sealed class UserInputException(string message) : Exception(message);

/// <summary>
/// Decides which exceptions are the user's input at fault (exit code 2, one line) rather than a bug in the tool.
/// The runtime reports bad files and shapes with typed exceptions whose messages already name the problem.
/// </summary>
public static class UserInputErrors
{
    public static string? Describe(Exception exception) => exception switch
    {
        UserInputException e => e.Message,
        OnnxImportException e => e.Message,
        ManifestException e => e.Message,
        ManifestBuildException e => e.Message,
        DataFormatException e => e.Message,
        GraphException e => e.Message,
        FileNotFoundException e => e.FileName is { } file ? $"file not found: {file}" : e.Message,
        DirectoryNotFoundException e => e.Message,
        UnauthorizedAccessException e => e.Message,
        _ => null,
    };
}
