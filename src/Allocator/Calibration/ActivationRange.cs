using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>A calibrated real range [Min, Max] of one activation tensor (Min ≤ Max, both finite).</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>The asymmetric unsigned quantizer covering this range (widened to include 0, see <see cref="ActivationQuantization.FromRange"/>).</summary>
    public ActivationQuantization ToQuantization(int bits) => ActivationQuantization.FromRange(Min, Max, bits);
}
