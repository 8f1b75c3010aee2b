namespace Specialized.Allocator.Solver;

/// <summary>
/// Reparametrises a pairwise objective so that separable lower bounds become tighter, without changing the
/// objective of any assignment (min-sum diffusion, as in Schlesinger's and Werner's work on the LP relaxation of
/// pairwise energies; the code here is written from that description).
/// </summary>
/// <remarks>
/// For a variable i of layer l, let μ_m = min_t Pair[i, (m, t)] for every other layer m. The step moves
/// δ_m = μ_m − a, with a = (Unary[i] + Σ_m μ_m) / L, out of every pair entry Pair[i, (m, ·)] (and its mirror) and
/// into Unary[i]: Unary[i] grows by Σ_m δ_m = a − Unary[i]. Any assignment using i pays Unary[i] once and exactly
/// one entry Pair[i, (m, ·)] per other layer, so its objective is unchanged (up to rounding); an assignment not
/// using i is untouched. Afterwards Unary[i] and every μ_m equal a, which spreads the interaction mass evenly and
/// raises the bound Σ_l min_i Unary + Σ_{l&lt;m} min Pair (never lowers it).
/// </remarks>
internal static class MinSumDiffusion
{
    public static void Apply(double[] unary, double[] pair, int[] offsets, int sweeps)
    {
        int layers = offsets.Length - 1, n = unary.Length;
        if (layers < 2)
        {
            return;
        }

        var mu = new double[layers];
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            for (int l = 0; l < layers; l++)
            {
                for (int i = offsets[l]; i < offsets[l + 1]; i++)
                {
                    double sum = unary[i];
                    for (int m = 0; m < layers; m++)
                    {
                        if (m == l)
                        {
                            continue;
                        }

                        double min = double.PositiveInfinity;
                        for (int j = offsets[m]; j < offsets[m + 1]; j++)
                        {
                            min = Math.Min(min, pair[(i * n) + j]);
                        }

                        mu[m] = min;
                        sum += min;
                    }

                    double average = sum / layers;
                    double moved = 0;
                    for (int m = 0; m < layers; m++)
                    {
                        if (m == l)
                        {
                            continue;
                        }

                        double delta = mu[m] - average;
                        moved += delta;
                        for (int j = offsets[m]; j < offsets[m + 1]; j++)
                        {
                            pair[(i * n) + j] -= delta;
                            pair[(j * n) + i] -= delta;
                        }
                    }

                    unary[i] += moved;
                }
            }
        }
    }
}
