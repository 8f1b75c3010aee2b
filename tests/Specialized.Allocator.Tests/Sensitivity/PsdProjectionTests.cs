using MathNet.Numerics.LinearAlgebra;
using Specialized.Allocator.Sensitivity;

namespace Specialized.Allocator.Tests.Sensitivity;

public sealed class PsdProjectionTests
{
    [Fact]
    public void Clips_the_negative_eigenvalue_of_a_hand_computed_2x2()
    {
        // [[1,2],[2,1]] has eigenvalues 3 (v = (1,1)/√2) and −1; the projection is 3·vvᵀ = 1.5 everywhere.
        var (projected, report) = PsdProjection.Project(new double[,] { { 1, 2 }, { 2, 1 } });

        foreach (double v in projected)
        {
            Assert.Equal(1.5, v, 12);
        }

        Assert.Equal(1, report.ClippedEigenvalues);
        Assert.Equal(-1, report.MostNegativeEigenvalue, 12);
        Assert.Equal(1 / Math.Sqrt(10), report.RelativeFrobeniusChange, 12); // ‖[[.5,−.5],[−.5,.5]]‖ / ‖C‖ = 1/√10
    }

    [Fact]
    public void Leaves_a_PSD_matrix_unchanged()
    {
        var random = new Random(3);
        var g = Matrix<double>.Build.Dense(5, 8, (_, _) => random.NextDouble() - 0.5);
        double[,] psd = (g.Transpose() * g).ToArray(); // rank 5 of 8: three zero eigenvalues

        var (projected, report) = PsdProjection.Project(psd);

        Assert.Equal(0, report.ClippedEigenvalues);
        Assert.True(report.RelativeFrobeniusChange < 1e-12, $"change {report.RelativeFrobeniusChange}");
        Assert.Equal(8, report.DecomposedVariables);
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                Assert.Equal(psd[i, j], projected[i, j], 12);
            }
        }
    }

    [Fact]
    public void Result_is_symmetric_and_PSD_and_keeps_zero_rows_exactly_zero()
    {
        for (int seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            int n = random.Next(2, 30);
            var c = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    c[i, j] = c[j, i] = random.NextDouble() - 0.5;
                }
            }

            int zero = random.Next(n);
            for (int i = 0; i < n; i++)
            {
                c[zero, i] = c[i, zero] = 0;
            }

            var (p, report) = PsdProjection.Project(c);

            Assert.True(report.ClippedEigenvalues > 0, $"seed {seed}: a random symmetric matrix should be indefinite");
            Assert.Equal(n - 1, report.DecomposedVariables);
            var matrix = Matrix<double>.Build.DenseOfArray(p);
            Assert.True(matrix.Equals(matrix.Transpose()), $"seed {seed}: not exactly symmetric");
            for (int i = 0; i < n; i++)
            {
                Assert.True(p[zero, i] == 0 && p[i, zero] == 0, $"seed {seed}: zero row {zero} became {p[zero, i]} at column {i}");
            }

            // Oracle: a Cholesky factorisation exists for P + δI with δ tiny iff P has no eigenvalue below −δ.
            double delta = 1e-10 * matrix.FrobeniusNorm();
            matrix.Add(Matrix<double>.Build.DenseIdentity(n).Multiply(delta)).Cholesky();

            // Projection is a nearest point: no random PSD matrix is closer to C than P.
            double distance = (matrix - Matrix<double>.Build.DenseOfArray(c)).FrobeniusNorm();
            for (int trial = 0; trial < 20; trial++)
            {
                var g = Matrix<double>.Build.Dense(n, n, (_, _) => (random.NextDouble() - 0.5) * 0.3);
                var other = matrix + (g.Transpose() * g * 0.05);
                Assert.True((other - Matrix<double>.Build.DenseOfArray(c)).FrobeniusNorm() >= distance - 1e-12, $"seed {seed}: a perturbed PSD matrix is closer");
            }
        }
    }

    [Fact]
    public void Rejects_a_non_symmetric_or_non_square_matrix()
    {
        Assert.Contains("[0,1]", Assert.Throws<ArgumentException>(() => PsdProjection.Project(new double[,] { { 1, 2 }, { 3, 1 } })).Message);
        Assert.Contains("not square", Assert.Throws<ArgumentException>(() => PsdProjection.Project(new double[2, 3])).Message);
    }
}
