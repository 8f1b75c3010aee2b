using System.Diagnostics;

namespace Specialized.Generators.Tests;

/// <summary>
/// A generated conv/gemm kernel has several instruction-set paths (Avx512BW, Avx512Vbmi, AvxVnni, Avx2, Vector128,
/// scalar) of which a test run takes only the first the machine supports. These tests rerun the compile-and-run,
/// kernel-shape and lookup-family suites in a child test process with instruction sets switched off, so every path is
/// compared with the reference executor: AVX-512 off (the ymm paths: Avx2 pair sums, AvxVnni for 8-bit × 8-bit, the
/// lookup families' ymm fallback), VNNI off (the exact split-code zmm path for 8-bit × 8-bit), both (the split-code
/// ymm path), AVX2 off (the portable Vector128 path) and all intrinsics off (the scalar path).
/// </summary>
public sealed class InstructionSetTests
{
    [Theory]
    [Trait("Category", "OuterLoop")]
    [InlineData("DOTNET_EnableAVX512", "Avx2 and AvxVnni")]
    [InlineData("DOTNET_EnableAVXVNNI", "Avx512 split-code")]
    [InlineData("DOTNET_EnableAVX512 DOTNET_EnableAVXVNNI", "Avx2 split-code")]
    [InlineData("DOTNET_EnableAVX2", "Vector128")]
    [InlineData("DOTNET_EnableHWIntrinsic", "scalar")]
    public async Task Narrower_instruction_sets_are_bit_exact_too(string switchesOff, string path)
    {
        string[] switches = switchesOff.Split(' ');
        if (switches.Any(s => Environment.GetEnvironmentVariable(s) == "0"))
        {
            return; // this is a child run itself; the compile-and-run tests in it do the checking
        }

        string project = Path.Combine(Specialized.Testing.GeneratorSnapshots.SourceFolder(ThisFile()), "Specialized.Generators.Tests.csproj");
        var start = new ProcessStartInfo("dotnet", $"test \"{project}\" -c Release --no-build --filter \"FullyQualifiedName~CompileAndRunTests|FullyQualifiedName~KernelShapeTests|FullyQualifiedName~LookupFamilyTests\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string name in switches)
        {
            start.Environment[name] = "0";
        }

        start.Environment["SPECIALIZED_GENERATOR_CASES"] = "16";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        string errors = await stderr;
        Assert.True(process.ExitCode == 0, $"{path} path ({switchesOff} = 0) differs from the reference:\n{output}\n{errors}");
        Assert.Contains("Passed!", output);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string file = "") => file;
}
