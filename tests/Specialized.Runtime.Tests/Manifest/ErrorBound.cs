using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>
/// A worst-case bound on |integer result − float result| per tensor, propagated through the graph from the
/// quantization steps alone (triangle inequality; clamps, max and pools are 1-Lipschitz). For a weighted layer
/// ŷ − y = Σ ŵ·(x̂ − x) + Σ (ŵ − w)·x, so e_out ≤ Σ|ŵ|·e_in + K·(s_w/2)·max|x| + bias rounding s_in·s_w/2, plus
/// the output rounding s_out/2 and one more s_out for the fixed-point multiplier (unless accumulators are output).
/// Valid for b ≥ 2 weights and calibration ranges that cover the data (the tests calibrate on the images they run).
/// </summary>
internal static class ErrorBound
{
    public static Dictionary<string, double> Compute(ModelGraph graph, ManifestSpec spec, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        var tensors = spec.Tensors.ToDictionary(t => t.Id);
        var layers = spec.Layers.ToDictionary(l => l.Name);
        var accumulatorOutputs = spec.Outputs.Where(o => o.Source == OutputSource.Accumulators).Select(o => o.Tensor).ToHashSet();
        var bound = new Dictionary<string, double> { [graph.InputName] = tensors[graph.InputName].Scale / 2.0 };
        foreach (var node in graph.Nodes)
        {
            double step = tensors[node.Output].Scale;
            double eIn = node.Inputs.Max(i => bound[i]);
            bound[node.Output] = node switch
            {
                ConvNode or GemmNode => Weighted(node, layers[node.Name].Weights!, tensors[node.Inputs[0]].Scale, eIn, MaxAbs(ranges, node.Inputs[0]))
                    + (accumulatorOutputs.Contains(node.Output) ? 0 : 1.5 * step),
                AddNode => bound[node.Inputs[0]] + bound[node.Inputs[1]] + 1.5 * step,
                AveragePoolNode or GlobalAveragePoolNode => eIn + step / 2,
                _ => eIn,
            };
        }

        return bound;
    }

    /// <summary>
    /// The RMS counterpart of <see cref="Compute"/>: each rounding is an independent error of variance step²/12, and
    /// variances add through the layers (Σ w²·σ_in² for a weighted layer, K·s_w²/12·max|x|² for its weight rounding).
    /// Not a hard bound, an estimate: the tests allow 3σ for the RMS error over many outputs.
    /// </summary>
    public static Dictionary<string, double> Rms(ModelGraph graph, ManifestSpec spec, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        var tensors = spec.Tensors.ToDictionary(t => t.Id);
        var layers = spec.Layers.ToDictionary(l => l.Name);
        var accumulatorOutputs = spec.Outputs.Where(o => o.Source == OutputSource.Accumulators).Select(o => o.Tensor).ToHashSet();
        double step0 = tensors[graph.InputName].Scale;
        var variance = new Dictionary<string, double> { [graph.InputName] = step0 * step0 / 12 };
        foreach (var node in graph.Nodes)
        {
            double step = tensors[node.Output].Scale;
            double rounding = step * step / 12;
            double vIn = node.Inputs.Max(i => variance[i]);
            variance[node.Output] = node switch
            {
                ConvNode or GemmNode => WeightedVariance(node, layers[node.Name].Weights!, vIn, MaxAbs(ranges, node.Inputs[0]))
                    + (accumulatorOutputs.Contains(node.Output) ? 0 : rounding),
                AddNode => variance[node.Inputs[0]] + variance[node.Inputs[1]] + rounding,
                AveragePoolNode or GlobalAveragePoolNode => vIn + rounding,
                _ => vIn,
            };
        }

        return variance.ToDictionary(p => p.Key, p => Math.Sqrt(p.Value));
    }

    private static double WeightedVariance(Node node, LayerWeightsSpec weights, double vIn, double maxAbsIn)
    {
        float[] w = node is ConvNode conv ? conv.Weight : ((GemmNode)node).Weight;
        int channels = weights.WeightScales.Count;
        int k = w.Length / channels;
        double worst = 0;
        for (int c = 0; c < channels; c++)
        {
            double s = weights.WeightScales[c];
            double sumSquares = 0;
            for (int i = 0; i < k; i++)
            {
                sumSquares += (double)w[c * k + i] * w[c * k + i];
            }

            worst = Math.Max(worst, sumSquares * vIn + k * s * s / 12 * maxAbsIn * maxAbsIn);
        }

        return worst;
    }

    private static double Weighted(Node node, LayerWeightsSpec weights, double inputScale, double eIn, double maxAbsIn)
    {
        float[] w = node is ConvNode conv ? conv.Weight : ((GemmNode)node).Weight;
        int channels = weights.WeightScales.Count;
        int k = w.Length / channels;
        double worst = 0;
        for (int c = 0; c < channels; c++)
        {
            double s = weights.WeightScales[c];
            double sumAbs = 0;
            for (int i = 0; i < k; i++)
            {
                sumAbs += Math.Abs(w[c * k + i]) + s / 2;
            }

            worst = Math.Max(worst, sumAbs * eIn + k * (s / 2) * maxAbsIn + inputScale * s / 2);
        }

        return worst;
    }

    private static double MaxAbs(IReadOnlyDictionary<string, ActivationRange> ranges, string tensor) =>
        Math.Max(Math.Abs(ranges[tensor].Min), Math.Abs(ranges[tensor].Max));
}
