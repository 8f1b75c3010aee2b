using System.Diagnostics;
using System.Globalization;
using Specialized.Generators.Tests.TestSupport;
using Specialized.Runtime.Execution;

namespace Specialized.Generators.Tests;

/// <summary>
/// The consumer contract end to end: a console project that references src/Runtime, references src/Generators as an
/// analyzer, imports the build props/targets and lists a manifest as &lt;SpecializedManifest&gt; builds with zero
/// warnings (TreatWarningsAsErrors), and its Run equals the reference manifest executor bit for bit.
/// </summary>
public sealed class ConsumerBuildTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public void Console_project_builds_cleanly_and_runs_bit_exact()
    {
        string root = RepositoryRoot();
        string folder = Path.Combine(Path.GetTempPath(), "specialized-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        try
        {
            foreach (string file in new[] { "residual-net.manifest.json", "residual-net.weights.bin" })
            {
                File.Copy(Path.Combine(FixtureModels.Folder(), file), Path.Combine(folder, "models", file));
            }

            File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="{root}/src/Generators/build/Specialized.Generators.props" />
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{root}/src/Runtime/Specialized.Runtime.csproj" />
                    <ProjectReference Include="{root}/src/Generators/Specialized.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <SpecializedManifest Include="models/residual-net.manifest.json" />
                  </ItemGroup>
                  <Import Project="{root}/src/Generators/build/Specialized.Generators.targets" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), """
                var model = new Specialized.Samples.ResidualNetModel();
                var input = new float[model.InputLength];
                for (int i = 0; i < input.Length; i++)
                {
                    input[i] = (float)Math.Sin(i * 0.37) * 2f;
                }

                var output = new float[model.OutputLength];
                model.Run(input, output);
                Console.WriteLine(string.Join(" ", output.Select(v => BitConverter.SingleToInt32Bits(v))));
                """);

            var build = Dotnet(folder, "build -c Release -nologo");
            Assert.True(build.ExitCode == 0, "consumer build failed:\n" + build.Output);
            Assert.DoesNotContain("warning", build.Output.Split('\n').Where(l => !l.Contains("0 Warning", StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
            var run = Dotnet(folder, "bin/Release/net10.0/Consumer.dll");
            Assert.True(run.ExitCode == 0, "consumer run failed:\n" + run.Output);

            var reference = ManifestExecutor.Load(Path.Combine(folder, "models", "residual-net.manifest.json"));
            var input = Enumerable.Range(0, reference.InputLength).Select(i => (float)Math.Sin(i * 0.37) * 2f).ToArray();
            var expected = new float[reference.OutputLength];
            reference.Run(input, expected);
            var actual = run.Output.Trim().Split(' ').Select(s => BitConverter.Int32BitsToSingle(int.Parse(s, CultureInfo.InvariantCulture))).ToArray();
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Dotnet(string folder, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        // The test host's MSBuild variables would leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"dotnet {arguments} did not finish in 5 minutes");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Specialized.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Specialized.sln above {AppContext.BaseDirectory}");
    }
}
