using System.CommandLine;

namespace Specialized.Allocator;

/// <summary>Entry point of the <c>specialized</c> tool: builds the command tree and runs it.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApp.Build().Parse(args).Invoke();
}
