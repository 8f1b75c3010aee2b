namespace Specialized.Allocator;

/// <summary>Entry point of the <c>specialized</c> tool.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
