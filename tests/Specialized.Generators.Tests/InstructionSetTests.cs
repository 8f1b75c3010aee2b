using System.Diagnostics;

namespace Specialized.Generators.Tests;

/// <summary>
/// The generated dot products have three paths (Avx512BW, Avx2, scalar) of which a test run takes only the widest
/// the machine has. These tests rerun the compile-and-run suite in a child test process with the wider instruction
/// sets switched off (DOTNET_EnableAVX512=0, then DOTNET_EnableHWIntrinsic=0), so every path is compared with the
/// reference executor.
/// </summary>
public sealed class InstructionSetTests
{
    [Theory]
    [Trait("Category", "OuterLoop")]
    [InlineData("DOTNET_EnableAVX512", "Avx2")]
    [InlineData("DOTNET_EnableHWIntrinsic", "scalar")]
    public async Task Narrower_instruction_sets_are_bit_exact_too(string switchOff, string path)
    {
        if (Environment.GetEnvironmentVariable(switchOff) == "0")
        {
            return; // this is the child run itself; the compile-and-run tests in it do the checking
        }

        string project = Path.Combine(Specialized.Testing.GeneratorSnapshots.SourceFolder(ThisFile()), "Specialized.Generators.Tests.csproj");
        var start = new ProcessStartInfo("dotnet", $"test \"{project}\" -c Release --no-build --filter FullyQualifiedName~CompileAndRunTests")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[switchOff] = "0";
        start.Environment["SPECIALIZED_GENERATOR_CASES"] = "16";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        string errors = await stderr;
        Assert.True(process.ExitCode == 0, $"{path} path ({switchOff}=0) differs from the reference:\n{output}\n{errors}");
        Assert.Contains("Passed!", output);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string file = "") => file;
}
