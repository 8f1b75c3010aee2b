using System.CommandLine;
using Specialized.Allocator.Commands;

namespace Specialized.Allocator;

/// <summary>
/// The command tree of the <c>specialized</c> tool and its error policy: bad input (a malformed argument, a missing
/// or corrupt file, a shape the model cannot take) prints one line naming the problem and exits with 2; nothing
/// else is written. Any other exception is a bug in this tool and exits with 1.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("specialized: mixed-precision quantization of CNNs into compile-time specialized .NET kernels");
        root.Subcommands.Add(InferCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(AllocateCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run 'specialized --help' for usage.");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (UserInputErrors.Describe(exception) is { } message)
        {
            error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }
}
