using Specialized.Runtime.Data;

namespace Specialized.Allocator.Datasets;

/// <summary>How a DATA argument is turned into model input.</summary>
/// <param name="InputShape">
/// The model's declared input shape (rank 4, N×C×H×W; a dimension ≤ 0 is free, usually N). Every sample must have
/// the declared C, H and W.
/// </param>
/// <param name="Normalization">
/// Applied to byte images (IDX, uint8 NPY, PNG): <c>(x / 255 − mean) / std</c>. Float32 NPY input is taken as
/// already normalized and left untouched.
/// </param>
/// <param name="Limit">Keep only the first <c>Limit</c> samples (<c>--calib-size</c>, <c>--eval-limit</c>); null keeps all.</param>
/// <param name="ClassCount">When known (the model's output width), every label must lie in [0, ClassCount).</param>
public sealed record DatasetOptions(IReadOnlyList<int> InputShape, ImageNormalization Normalization, int? Limit = null, int? ClassCount = null);
