using System.Globalization;
using BenchmarkDotNet.Running;

namespace Specialized.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>quick [runs]</c> prints the summary table of <see cref="Quick"/>, <c>variants [rounds] [blocking|split]</c> the
    /// layout or blocking comparison of <see cref="Variants"/>, <c>e2e [runs]</c> only its end-to-end table,
    /// <c>e2e-generated [runs] [breakdown] [w8|mixed|mixed-a4]</c> ResNet-18@224 through the generated kernels (<see cref="Generator.GeneratedEndToEnd"/>),
    /// <c>e2e-manifest PATH [runs] [breakdown]</c> any manifest the same way,
    /// <c>layers [runs] [threads…] [filter]</c> the per-layer family table of <see cref="Generator.LayerTable"/>, <c>peaks</c> the integer instruction peaks of <see cref="Generator.IntegerPeak"/> and the lookup-instruction throughputs of <see cref="Generator.LookupPeak"/>, <c>pack</c> the packing cost of <see cref="PackCost"/>, <c>solver [seeds] [limitSeconds]</c> the table of
    /// <see cref="Solver.SolverQuick"/>; anything else goes to BenchmarkSwitcher.
    /// </summary>
    public static void Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        switch (mode)
        {
            case "quick":
                Quick.Run(IntArgument(args, 1, 15));
                return;
            case "variants":
                Variants.Run(IntArgument(args, 1, 5), args.Contains("blocking"), args.Contains("split"));
                return;
            case "e2e":
                Quick.EndToEnd(IntArgument(args, 1, 15));
                return;
            case "e2e-generated":
                Generator.GeneratedEndToEnd.Run(IntArgument(args, 1, 30), args.Contains("breakdown"), args.Skip(2).FirstOrDefault(a => a != "breakdown"));
                return;
            case "e2e-manifest" when args.Length > 1:
                Generator.GeneratedEndToEnd.RunManifest(args[1], IntArgument(args, 2, 30), args.Contains("breakdown"));
                return;
            case "layers":
                Generator.LayerTable.Run(IntArgument(args, 1, 15), LayerThreads(args), args.Skip(2).FirstOrDefault(a => !int.TryParse(a, out _)));
                return;
            case "peaks":
                Generator.IntegerPeak.Print();
                Generator.LookupPeak.Print();
                return;
            case "pack":
                PackCost.Run();
                return;
            case "solver":
                Solver.SolverQuick.Run(IntArgument(args, 1, 15), args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10);
                return;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return;
        }
    }

    /// <summary>The integer arguments after the run count (thread counts), default 1 and 2.</summary>
    private static int[] LayerThreads(string[] args)
    {
        var counts = args.Skip(2).Where(a => int.TryParse(a, out _)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        return counts.Length > 0 ? counts : [1, 2];
    }

    private static int IntArgument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
