using Specialized.Allocator.Sensitivity;
using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Tests.Sensitivity;

public sealed class CladoMatrixBuilderTests
{
    private static readonly CladoMatrixOptions Raw = new() { ClampNegative = false, ProjectToPsd = false };

    /// <summary>Two layers × (2-bit, 4-bit); hand-chosen measurements.</summary>
    private static PerturbationTable TwoByTwo()
    {
        var table = new PerturbationTable(new OptionLayout([2, 2]));
        table.SetSingle(0, 0, 0.5);
        table.SetSingle(0, 1, 0.125);
        table.SetSingle(1, 0, 1.0);
        table.SetSingle(1, 1, 0.25);
        table.SetPair(0, 0, 1, 0, 2.0);   // Ω = 2 − 0.5 − 1 = 0.5
        table.SetPair(0, 0, 1, 1, 0.75);  // Ω = 0
        table.SetPair(1, 0, 0, 1, 1.0);   // order of the two layers does not matter; Ω = 1 − 0.125 − 1 = −0.125
        table.SetPair(0, 1, 1, 1, 0.375); // Ω = 0
        return table;
    }

    [Fact]
    public void Diagonal_is_single_loss_and_off_diagonal_is_half_the_interaction()
    {
        var matrix = CladoMatrixBuilder.Build(TwoByTwo(), Raw);

        double[,] expected =
        {
            { 0.5, 0, 0.25, 0 },
            { 0, 0.125, -0.0625, 0 },
            { 0.25, -0.0625, 1.0, 0 },
            { 0, 0, 0, 0.25 },
        };
        Assert.Equal(expected, matrix.Values);
    }

    [Fact]
    public void Predicted_loss_of_every_two_layer_assignment_is_the_measured_pair()
    {
        var table = TwoByTwo();
        var matrix = CladoMatrixBuilder.Build(table, Raw);

        for (int s = 0; s < 2; s++)
        {
            for (int t = 0; t < 2; t++)
            {
                Assert.Equal(table.Pair(0, s, 1, t)!.Value, matrix.PredictedLoss([s, t]), 12);
            }
        }
    }

    [Fact]
    public void Predicted_loss_is_sum_of_singles_plus_pairwise_interactions_on_random_tables()
    {
        for (int seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            int[] options = Enumerable.Range(0, random.Next(2, 6)).Select(_ => random.Next(1, 4)).ToArray();
            var table = RandomTable(random, options, noise: 0);
            var matrix = CladoMatrixBuilder.Build(table, Raw);

            var choice = options.Select(count => random.Next(count)).ToArray();
            double expected = 0;
            for (int l = 0; l < options.Length; l++)
            {
                expected += table.Single(l, choice[l])!.Value;
                for (int m = l + 1; m < options.Length; m++)
                {
                    expected += (table.Pair(l, choice[l], m, choice[m]) ?? (table.Single(l, choice[l])!.Value + table.Single(m, choice[m])!.Value))
                        - table.Single(l, choice[l])!.Value - table.Single(m, choice[m])!.Value;
                }
            }

            Assert.True(Math.Abs(expected - matrix.PredictedLoss(choice)) <= 1e-12 * (1 + Math.Abs(expected)), $"seed {seed}: Σ ΔL + Σ Ω = {expected}, xᵀCx = {matrix.PredictedLoss(choice)}");
        }
    }

    [Fact]
    public void Negative_singles_are_clamped_at_zero_and_reported_with_their_place_and_value()
    {
        var table = TwoByTwo();
        table.SetSingle(0, 1, -0.25);
        table.SetSingle(1, 0, -0.5);

        var clamped = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { ProjectToPsd = false });
        var kept = CladoMatrixBuilder.Build(table, Raw);

        Assert.Equal([new NegativePerturbation(0, 1, -0.25), new NegativePerturbation(1, 0, -0.5)], clamped.Diagnostics.NegativeSingles);
        Assert.Equal(-0.5, clamped.Diagnostics.MostNegativeSingle);
        Assert.Equal(0, clamped.Values[1, 1]);
        Assert.Equal(0, clamped.Values[2, 2]);
        Assert.Equal(1.0, clamped.PredictedLoss([1, 0]), 12); // still the measured pair: Ω uses the clamped singles
        Assert.Equal(-0.25, kept.Values[1, 1]);
        Assert.Equal(2, kept.Diagnostics.NegativeSingles.Count); // reported either way
    }

    [Fact]
    public void Negative_pairs_are_counted_and_clamped()
    {
        var table = TwoByTwo();
        table.SetPair(0, 1, 1, 1, -0.375);
        table.SetPair(0, 0, 1, 1, -0.125);

        var matrix = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { ProjectToPsd = false });

        Assert.Equal(2, matrix.Diagnostics.NegativePairCount);
        Assert.Equal(-0.375, matrix.Diagnostics.MostNegativePair);
        Assert.Equal(0, matrix.PredictedLoss([1, 1]), 12);
    }

    [Fact]
    public void Monotone_option_raises_a_narrow_width_that_looks_better_than_a_wider_one()
    {
        var table = new PerturbationTable(new OptionLayout([3, 3]));
        table.SetSingle(0, 0, 0.1);  // 2-bit measured below 4-bit: noise
        table.SetSingle(0, 1, 0.3);
        table.SetUnperturbed(0, 2);
        table.SetSingle(1, 0, 0.9);
        table.SetSingle(1, 1, 0.2);
        table.SetUnperturbed(1, 2);
        var independent = new CladoMatrixOptions { Interactions = false, MonotoneInWidth = true, ProjectToPsd = false };

        var matrix = CladoMatrixBuilder.Build(table, independent);

        Assert.Equal([0.3, 0.3, 0, 0.9, 0.2, 0], matrix.Singles);
        Assert.Equal(1, matrix.Diagnostics.MonotoneAdjustments);
        Assert.Equal([0.1, 0.3, 0, 0.9, 0.2, 0], CladoMatrixBuilder.Build(table, independent with { MonotoneInWidth = false }).Singles);
    }

    [Fact]
    public void Independent_baseline_needs_no_pairs_and_has_no_off_diagonal()
    {
        var table = new PerturbationTable(new OptionLayout([2, 2]));
        table.SetSingle(0, 0, 1);
        table.SetSingle(0, 1, 2);
        table.SetSingle(1, 0, 3);
        table.SetSingle(1, 1, 4);

        var matrix = CladoMatrixBuilder.Build(table, new CladoMatrixOptions { Interactions = false });

        Assert.Equal(new double[,] { { 1, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 3, 0 }, { 0, 0, 0, 4 } }, matrix.Values);
        Assert.Equal(0, matrix.Diagnostics.Projection!.ClippedEigenvalues);
    }

    [Fact]
    public void Missing_and_invalid_measurements_are_named()
    {
        var table = new PerturbationTable(new OptionLayout([2, 2]));
        table.SetSingle(0, 0, 1);
        table.SetSingle(0, 1, 1);
        table.SetSingle(1, 0, 1);
        Assert.Contains("layer 1 option 1", Assert.Throws<InvalidOperationException>(() => CladoMatrixBuilder.Build(table)).Message);
        table.SetSingle(1, 1, 1);
        table.SetPair(0, 0, 1, 0, 1);
        Assert.Contains("layer 0 option 0 with layer 1 option 1", Assert.Throws<InvalidOperationException>(() => CladoMatrixBuilder.Build(table)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => table.SetSingle(0, 0, double.NaN)).Message);
        Assert.Contains("two different layers", Assert.Throws<ArgumentException>(() => table.SetPair(1, 0, 1, 1, 0)).Message);
        Assert.Contains("already has measurements", Assert.Throws<ArgumentException>(() => table.SetUnperturbed(1, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SetSingle(2, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.SetSingle(0, 2, 0));
    }

    /// <summary>
    /// A table whose true perturbations follow a quadratic model (ΔL of a set of quantized layers = ‖Σ e‖², with
    /// ‖e(l, s)‖ growing ×4 per bit removed; the last option is unperturbed), plus Gaussian measurement noise of the
    /// given standard deviation on every single and pair.
    /// </summary>
    internal static PerturbationTable RandomTable(Random random, int[] options, double noise)
    {
        var layout = new OptionLayout(options);
        const int Dimensions = 6;
        var e = new double[layout.VariableCount][];
        for (int l = 0; l < options.Length; l++)
        {
            for (int s = 0; s < options[l]; s++)
            {
                double size = 0.3 * Math.Pow(4, options[l] - 1 - s) * (0.5 + random.NextDouble());
                e[layout.Index(l, s)] = Enumerable.Range(0, Dimensions).Select(_ => size * Gaussian(random) / Math.Sqrt(Dimensions)).ToArray();
            }
        }

        double Loss(params double[][] vectors) => Enumerable.Range(0, Dimensions).Sum(d => Math.Pow(vectors.Sum(v => v[d]), 2));
        var table = new PerturbationTable(layout);
        for (int l = 0; l < options.Length; l++)
        {
            table.SetUnperturbed(l, options[l] - 1);
            for (int s = 0; s < options[l] - 1; s++)
            {
                table.SetSingle(l, s, Loss(e[layout.Index(l, s)]) + (noise * Gaussian(random)));
                for (int m = 0; m < l; m++)
                {
                    for (int t = 0; t < options[m] - 1; t++)
                    {
                        table.SetPair(l, s, m, t, Loss(e[layout.Index(l, s)], e[layout.Index(m, t)]) + (noise * Gaussian(random)));
                    }
                }
            }
        }

        return table;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
