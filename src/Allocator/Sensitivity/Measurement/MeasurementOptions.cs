using Specialized.Allocator.Calibration;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>Settings of a sensitivity measurement.</summary>
/// <param name="Options">Candidate precisions per layer, e.g. w2, w4, w8 (weights only) or w2a4, w2a8, … (see <see cref="LayerPrecision"/>).</param>
/// <param name="ModelIdentity">What identifies the model for the cache key: typically <see cref="ModelFingerprint.OfFile"/>.</param>
/// <param name="Loss">Cross-entropy (needs labels) or KL to the float outputs.</param>
/// <param name="WeightClipping">Per-channel max|w| or MSE-optimal clipping of the quantized weights.</param>
/// <param name="Layers">Node indices of the layers to measure (Conv/Gemm); null = all. Keeping the first/last layer at 8 bits is the caller's choice: leave it out here.</param>
/// <param name="BatchSize">Samples per forward pass.</param>
/// <param name="SnapshotMemoryBytes">
/// Budget for the captured activations. All samples are captured at once when they fit; otherwise the set is cut
/// into chunks of whole batches that fit, and every record covers one chunk.
/// </param>
/// <param name="CachePath">Resumable cache file; null measures without one.</param>
/// <param name="Threads">Executor threads; null = all cores.</param>
/// <param name="IncludePairs">Measure the pairs too (CLADO); false measures singles only (the independent baseline needs no more).</param>
/// <param name="ActivationRanges">Ranges for the output quantizers of options with an activation width; required when any option has one.</param>
public sealed record MeasurementOptions(
    IReadOnlyList<LayerPrecision> Options,
    string ModelIdentity,
    LossKind Loss = LossKind.CrossEntropy,
    ClippingMethod WeightClipping = ClippingMethod.Mse,
    IReadOnlyList<int>? Layers = null,
    int BatchSize = 64,
    long SnapshotMemoryBytes = 2L << 30,
    string? CachePath = null,
    int? Threads = null,
    bool IncludePairs = true,
    ActivationRangesByWidth? ActivationRanges = null);
