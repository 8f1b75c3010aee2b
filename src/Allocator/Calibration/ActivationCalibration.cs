namespace Specialized.Allocator.Calibration;

/// <summary>Calibration settings for activation ranges.</summary>
/// <param name="Method">MinMax (observed extremes) or Mse (histogram search at <paramref name="Bits"/>).</param>
/// <param name="Bits">Activation width the MSE search optimizes for (ignored by MinMax).</param>
/// <param name="BatchSize">Samples per forward pass; memory grows with it (every tensor of a batch is captured).</param>
/// <param name="BinCount">Histogram bins per tensor for the MSE search.</param>
public sealed record ActivationCalibrationOptions(ClippingMethod Method = ClippingMethod.MinMax, int Bits = 8, int BatchSize = 32, int BinCount = 2048);

/// <summary>
/// Activation ranges of a graph over a calibration set, keyed by tensor name: the graph input, every tensor some node
/// reads, and the first graph output.
/// </summary>
/// <param name="Observed">The exact min and max of every value each tensor took.</param>
/// <param name="Ranges">The ranges to quantize with: <see cref="Observed"/> for MinMax, the MSE-optimal clipped range for Mse.</param>
/// <param name="Options">The settings used.</param>
public sealed record ActivationCalibration(
    IReadOnlyDictionary<string, ActivationRange> Observed,
    IReadOnlyDictionary<string, ActivationRange> Ranges,
    ActivationCalibrationOptions Options);
