using BenchmarkDotNet.Running;

namespace Specialized.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>quick [runs]</c> prints the summary table of <see cref="Quick"/>, <c>variants [rounds] [blocking|split]</c> the
    /// layout or blocking comparison of <see cref="Variants"/>,
    /// <c>e2e [runs]</c> only its end-to-end table, <c>pack</c> the packing cost of <see cref="PackCost"/>; anything else goes to BenchmarkSwitcher.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            Quick.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
            return;
        }

        if (args.Length > 0 && args[0] == "variants")
        {
            Variants.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Contains("blocking"), args.Contains("split"));
            return;
        }

        if (args.Length > 0 && args[0] == "e2e")
        {
            Quick.EndToEnd(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15);
            return;
        }

        if (args.Length > 0 && args[0] == "pack")
        {
            PackCost.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
