namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// One candidate precision of a layer: its weight width and, reserved for later, its input activation width.
/// </summary>
/// <param name="WeightBits">Weight width in [1, 8].</param>
/// <param name="ActivationBits">
/// Input activation width, or null for float activations. Measurement currently simulates weights only and rejects a
/// non-null value (see docs/sensitivity.md); the field exists so (weight, activation) pairs fit the same table later.
/// </param>
public readonly record struct LayerPrecision(int WeightBits, int? ActivationBits = null)
{
    public override string ToString() => ActivationBits is int a ? $"w{WeightBits}a{a}" : $"w{WeightBits}";
}
