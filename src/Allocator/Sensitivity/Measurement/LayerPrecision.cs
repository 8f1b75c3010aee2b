namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// One candidate precision of a layer: its weight width and, optionally, the width of the activations it writes.
/// </summary>
/// <param name="WeightBits">Weight width in [1, 8].</param>
/// <param name="ActivationBits">
/// Width in [1, 8] of the layer's output tensor (after its fused activation: the codes the next layer reads), or
/// null to leave activations in float32. Measurement simulates it by fake-quantizing the output (docs/sensitivity.md).
/// </param>
public readonly record struct LayerPrecision(int WeightBits, int? ActivationBits = null)
{
    public override string ToString() => ActivationBits is int a ? $"w{WeightBits}a{a}" : $"w{WeightBits}";
}
