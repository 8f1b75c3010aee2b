using Specialized.Allocator.Sensitivity;
using Specialized.Allocator.Solver;

namespace Specialized.Benchmarks.Solver;

/// <summary>
/// Allocation problems shaped like real ones, built through the same path as `specialized allocate`
/// (<see cref="PerturbationTable"/> → <see cref="CladoMatrixBuilder"/> → <see cref="IqpSolver"/>).
/// Sensitivity model: the widest option is unperturbed; below it ΔL grows 4× per bit removed from a per-layer
/// log-uniform base; each pair gets Ω = ρ·√(ΔL_l ΔL_m)·N(0, 1) with ρ = 0.3 ("moderate" interaction).
/// </summary>
public static class SyntheticAllocation
{
    /// <summary>Weight counts of torchvision ResNet-18's 21 conv/fc layers (conv1, 16 3×3, 3 downsample 1×1, fc).</summary>
    public static readonly long[] ResNet18Parameters =
    [
        9408,
        36864, 36864, 36864, 36864,
        73728, 147456, 8192, 147456, 147456,
        294912, 589824, 32768, 589824, 589824,
        1179648, 2359296, 131072, 2359296, 2359296,
        512000,
    ];

    /// <summary>21 layers × {2, 4, 8} bits, budget 3.0 average weight bits.</summary>
    public static AllocationProblem ResNet18(int seed, bool project = true) =>
        Build(new Random(seed), ResNet18Parameters, [2, 4, 8], 3.0, project);

    /// <summary>
    /// 60 layers × {2, 3, 4, 8} bits with log-uniform sizes 10³–10⁶, budget 3.5 average weight bits; interactions
    /// between all pairs, or only between layers at most <paramref name="reach"/> apart (Ω = 0 beyond; reach 0 is the
    /// independent baseline's diagonal problem).
    /// </summary>
    public static AllocationProblem Sixty(int seed, bool project = true, int reach = int.MaxValue)
    {
        var random = new Random(seed);
        long[] parameters = Enumerable.Range(0, 60).Select(_ => (long)Math.Pow(10, 3 + (3 * random.NextDouble()))).ToArray();
        return Build(random, parameters, [2, 3, 4, 8], 3.5, project, reach);
    }

    private static AllocationProblem Build(Random random, long[] parameters, int[] bits, double averageBits, bool project, int reach = int.MaxValue)
    {
        int layers = parameters.Length, options = bits.Length;
        var layout = new OptionLayout(Enumerable.Repeat(options, layers).ToArray());
        var single = new double[layers, options];
        for (int l = 0; l < layers; l++)
        {
            double baseLoss = Math.Pow(10, -4 + (2 * random.NextDouble())); // at the second-widest width
            for (int s = 0; s < options - 1; s++)
            {
                single[l, s] = baseLoss * Math.Pow(4, bits[options - 2] - bits[s]);
            }
        }

        var table = new PerturbationTable(layout);
        for (int l = 0; l < layers; l++)
        {
            table.SetUnperturbed(l, options - 1);
            for (int s = 0; s < options - 1; s++)
            {
                table.SetSingle(l, s, single[l, s]);
                for (int m = 0; m < l; m++)
                {
                    for (int t = 0; t < options - 1; t++)
                    {
                        double omega = l - m <= reach ? 0.3 * Math.Sqrt(single[l, s] * single[m, t]) * Gaussian(random) : 0;
                        table.SetPair(l, s, m, t, single[l, s] + single[m, t] + omega);
                    }
                }
            }
        }

        var matrix = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { ProjectToPsd = project });
        var sizeBits = new long[layout.VariableCount];
        for (int l = 0; l < layers; l++)
        {
            for (int s = 0; s < options; s++)
            {
                sizeBits[layout.Index(l, s)] = parameters[l] * bits[s];
            }
        }

        long limit = (long)(averageBits * parameters.Sum());
        return matrix.ToProblem([new Budget("size (bits)", sizeBits, limit)]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
