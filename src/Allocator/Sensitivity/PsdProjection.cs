using MathNet.Numerics.LinearAlgebra;

namespace Specialized.Allocator.Sensitivity;

/// <summary>Nearest positive semidefinite matrix in Frobenius norm: clip the negative eigenvalues of a symmetric matrix.</summary>
public static class PsdProjection
{
    /// <summary>
    /// Returns <c>V·max(Λ, 0)·Vᵀ</c>, symmetrised, for symmetric <paramref name="matrix"/> = VΛVᵀ.
    /// </summary>
    /// <remarks>
    /// Uses MathNet's symmetric eigensolver (<c>Evd(Symmetricity.Symmetric)</c>): real eigenvalues, orthonormal
    /// eigenvectors; the general solver CLADO called may return complex pairs for a matrix that is symmetric only up
    /// to rounding. Rows and columns that are identically zero (unperturbed options) are left out of the
    /// decomposition: each such unit vector is an eigenvector with eigenvalue 0, so every eigenvector of a negative
    /// eigenvalue is orthogonal to it and the exact projection keeps those rows zero; leaving them out makes them
    /// exactly zero in floating point too, which the "no budget → widest everywhere" guarantee relies on.
    /// </remarks>
    /// <exception cref="ArgumentException">Not square, or not symmetric (|C_ij − C_ji| above 1e-12 × max|C|).</exception>
    public static (double[,] Projected, PsdProjectionReport Report) Project(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"matrix is {n}×{matrix.GetLength(1)}, not square", nameof(matrix));
        }

        double largest = 0;
        foreach (double v in matrix)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        var active = new List<int>();
        for (int i = 0; i < n; i++)
        {
            bool zero = true;
            for (int j = 0; j < n; j++)
            {
                if (Math.Abs(matrix[i, j] - matrix[j, i]) > 1e-12 * largest)
                {
                    throw new ArgumentException($"matrix is not symmetric at [{i},{j}]: {matrix[i, j]} vs {matrix[j, i]}", nameof(matrix));
                }

                zero &= matrix[i, j] == 0;
            }

            if (!zero)
            {
                active.Add(i);
            }
        }

        var projected = new double[n, n];
        if (active.Count == 0)
        {
            return (projected, new PsdProjectionReport(0, 0, 0, 0));
        }

        var sub = Matrix<double>.Build.Dense(active.Count, active.Count, (a, b) => matrix[active[a], active[b]]);
        var evd = sub.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Map(c => c.Real);
        double maxAbs = eigenvalues.AbsoluteMaximum();
        int clipped = eigenvalues.Count(v => v < -1e-12 * maxAbs);
        var rebuilt = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(eigenvalues.Map(v => Math.Max(v, 0))) * evd.EigenVectors.Transpose();

        double change = 0, norm = 0;
        for (int a = 0; a < active.Count; a++)
        {
            for (int b = 0; b < active.Count; b++)
            {
                double value = 0.5 * (rebuilt[a, b] + rebuilt[b, a]);
                projected[active[a], active[b]] = value;
                double original = matrix[active[a], active[b]];
                change += (value - original) * (value - original);
                norm += original * original;
            }
        }

        return (projected, new PsdProjectionReport(clipped, eigenvalues.Minimum(), Math.Sqrt(change / norm), active.Count));
    }
}
