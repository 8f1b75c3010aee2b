using Specialized.Allocator.Solver;

namespace Specialized.Allocator.Sensitivity;

/// <summary>
/// Measured loss increases, as the measurement step produces them: ΔL(l, s) with only layer l at option s, and
/// ΔL((l, s), (m, t)) with layers l ≠ m both quantized (the order of the two does not matter). An option that leaves
/// the model unchanged (the float reference, or a width treated as lossless) is marked with
/// <see cref="SetUnperturbed"/>: it needs no measurements, its ΔL is 0 and its interactions are 0.
/// </summary>
/// <remarks>Values are stored as given; policies (clamping, monotonicity) are applied by <see cref="CladoMatrixBuilder"/>.</remarks>
public sealed class PerturbationTable
{
    private readonly double[] singles;  // NaN = not measured
    private readonly double[] pairs;    // N × N, symmetric, NaN = not measured
    private readonly bool[] unperturbed;

    public PerturbationTable(OptionLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        int n = layout.VariableCount;
        singles = new double[n];
        Array.Fill(singles, double.NaN);
        pairs = new double[checked(n * n)];
        Array.Fill(pairs, double.NaN);
        unperturbed = new bool[n];
    }

    public OptionLayout Layout { get; }

    /// <summary>Records ΔL with only <paramref name="layer"/> at <paramref name="option"/> (may be negative: estimates are noisy).</summary>
    /// <exception cref="ArgumentException">Not finite, or the option was marked unperturbed.</exception>
    public void SetSingle(int layer, int option, double deltaLoss)
    {
        int i = Layout.Index(layer, option);
        CheckMeasurable(i, deltaLoss);
        singles[i] = deltaLoss;
    }

    /// <summary>Records ΔL with <paramref name="layer"/> at <paramref name="option"/> and <paramref name="otherLayer"/> at <paramref name="otherOption"/>.</summary>
    /// <exception cref="ArgumentException">Same layer twice, not finite, or an option marked unperturbed.</exception>
    public void SetPair(int layer, int option, int otherLayer, int otherOption, double deltaLoss)
    {
        if (layer == otherLayer)
        {
            throw new ArgumentException($"a pair perturbation needs two different layers, got layer {layer} twice", nameof(otherLayer));
        }

        int i = Layout.Index(layer, option), j = Layout.Index(otherLayer, otherOption);
        CheckMeasurable(i, deltaLoss);
        CheckMeasurable(j, deltaLoss);
        int n = Layout.VariableCount;
        pairs[(i * n) + j] = deltaLoss;
        pairs[(j * n) + i] = deltaLoss;
    }

    /// <summary>Marks an option that does not change the model (ΔL = 0 alone and with any other layer's option).</summary>
    /// <exception cref="ArgumentException">A measurement involving this option was already recorded.</exception>
    public void SetUnperturbed(int layer, int option)
    {
        int i = Layout.Index(layer, option), n = Layout.VariableCount;
        bool measured = !double.IsNaN(singles[i]);
        for (int j = 0; j < n && !measured; j++)
        {
            measured = !double.IsNaN(pairs[(i * n) + j]);
        }

        if (measured)
        {
            throw new ArgumentException($"layer {layer} option {option} already has measurements; it cannot also be unperturbed");
        }

        unperturbed[i] = true;
    }

    public bool IsUnperturbed(int layer, int option) => unperturbed[Layout.Index(layer, option)];

    /// <summary>The recorded single ΔL; 0 for an unperturbed option; null when not measured.</summary>
    public double? Single(int layer, int option)
    {
        int i = Layout.Index(layer, option);
        return unperturbed[i] ? 0 : double.IsNaN(singles[i]) ? null : singles[i];
    }

    /// <summary>The recorded pair ΔL; null when not measured or when either option is unperturbed (then no pair is needed).</summary>
    public double? Pair(int layer, int option, int otherLayer, int otherOption)
    {
        int i = Layout.Index(layer, option), j = Layout.Index(otherLayer, otherOption);
        double value = pairs[(i * Layout.VariableCount) + j];
        return double.IsNaN(value) ? null : value;
    }

    private void CheckMeasurable(int index, double deltaLoss)
    {
        var (layer, option) = Layout.Locate(index);
        if (!double.IsFinite(deltaLoss))
        {
            throw new ArgumentException($"loss perturbation for layer {layer} option {option} is {deltaLoss}; it must be finite", nameof(deltaLoss));
        }

        if (unperturbed[index])
        {
            throw new ArgumentException($"layer {layer} option {option} is marked unperturbed; it takes no measurements", nameof(deltaLoss));
        }
    }
}
