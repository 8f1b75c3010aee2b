using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// One layer's weights quantized at one width: the codes and scales, the clip values used, and
/// <see cref="Replacement"/>, a copy of the node whose weights are the dequantized values (fake quantization) and
/// whose bias is unchanged, ready for <c>FloatExecutor.WithReplacedNode</c>.
/// </summary>
/// <param name="NodeIndex">Index of the Conv/Gemm node in <c>ModelGraph.Nodes</c>.</param>
/// <param name="Bits">Weight width.</param>
/// <param name="Quantization">Codes and per-channel scales.</param>
/// <param name="Clip">The per-channel clip values passed to <see cref="WeightQuantization.Quantize"/>.</param>
/// <param name="SquaredError">‖W − dequantize(Q(W))‖² over the whole layer.</param>
/// <param name="Replacement">The fake-quantized node.</param>
public sealed record QuantizedWeights(int NodeIndex, int Bits, WeightQuantization Quantization, float[] Clip, double SquaredError, Node Replacement);
