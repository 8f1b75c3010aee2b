using BenchmarkDotNet.Running;

namespace Specialized.Benchmarks;

public static class Program
{
    /// <summary><c>quick [runs]</c> prints the summary table of <see cref="Quick"/>, <c>solver [seeds] [limitSeconds]</c> that of
    /// <see cref="Solver.SolverQuick"/>; anything else goes to BenchmarkSwitcher.</summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            Quick.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
            return;
        }

        if (args.Length > 0 && args[0] == "solver")
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            Solver.SolverQuick.Run(args.Length > 1 ? int.Parse(args[1], culture) : 15, args.Length > 2 ? double.Parse(args[2], culture) : 10);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
