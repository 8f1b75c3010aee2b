using System.CommandLine;

namespace Specialized.Allocator;

/// <summary>The command tree of the <c>specialized</c> tool.</summary>
public static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("specialized: mixed-precision quantization of CNNs into compile-time specialized .NET kernels");
        return root;
    }
}
