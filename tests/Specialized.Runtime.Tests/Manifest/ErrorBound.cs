using Specialized.Allocator.Calibration;
using Specialized.Allocator.Manifest;
using Specialized.Manifest;
using Specialized.Runtime.Graph;

namespace Specialized.Runtime.Tests.Manifest;

/// <summary>
/// Error of the integer model against the float model, per tensor, propagated through the graph from the
/// quantization steps alone. <see cref="Compute"/> is a worst-case bound (triangle inequality; clamps, max and pools
/// are 1-Lipschitz): for a weighted layer ŷ − y = Σ ŵ·(x̂ − x) + Σ (ŵ − w)·x, so
/// e_out ≤ Σ|ŵ|·e_in + K·(s_w/2)·max|x| + s_in·s_w/2 (bias), plus s_out/2 output rounding and one more s_out for the
/// fixed-point multiplier (unless accumulators are the output). <see cref="Rms"/> is the matching RMS estimate.
/// Valid for b ≥ 2 weights and ranges that cover the data (the tests calibrate on the images they run).
/// </summary>
internal static class ErrorBound
{
    public static Dictionary<string, double> Compute(ModelGraph graph, ManifestSpec spec, IReadOnlyDictionary<string, ActivationRange> ranges) =>
        Propagate(graph, spec, ranges, new Rules(
            Input: step => step / 2,
            Requantized: step => 1.5 * step,
            Averaged: step => step / 2,
            Sum: (a, b) => a + b,
            Channel: (w, s, inputScale, eIn, maxAbsIn) => w.Sum(v => Math.Abs(v) + s / 2) * eIn + w.Length * (s / 2) * maxAbsIn + inputScale * s / 2));

    /// <summary>
    /// The RMS counterpart: each rounding is an independent error of variance step²/12, and variances add through
    /// the layers (Σ w²·σ_in² for a weighted layer, K·s_w²/12·max|x|² for its weight rounding). An estimate, not a
    /// bound: the tests allow 3σ for the RMS error over many outputs.
    /// </summary>
    public static Dictionary<string, double> Rms(ModelGraph graph, ManifestSpec spec, IReadOnlyDictionary<string, ActivationRange> ranges)
    {
        var variance = Propagate(graph, spec, ranges, new Rules(
            Input: step => step * step / 12,
            Requantized: step => step * step / 12,
            Averaged: step => step * step / 12,
            Sum: (a, b) => a + b,
            Channel: (w, s, _, vIn, maxAbsIn) => w.Sum(v => (double)v * v) * vIn + w.Length * s * s / 12 * maxAbsIn * maxAbsIn));
        return variance.ToDictionary(p => p.Key, p => Math.Sqrt(p.Value));
    }

    /// <summary>How one error measure starts, grows per op, and combines (worst case or variance).</summary>
    private sealed record Rules(
        Func<double, double> Input,
        Func<double, double> Requantized,
        Func<double, double> Averaged,
        Func<double, double, double> Sum,
        Func<float[], double, double, double, double, double> Channel);

    private static Dictionary<string, double> Propagate(ModelGraph graph, ManifestSpec spec, IReadOnlyDictionary<string, ActivationRange> ranges, Rules rules)
    {
        var tensors = spec.Tensors.ToDictionary(t => t.Id);
        var layers = spec.Layers.ToDictionary(l => l.Name);
        var accumulatorOutputs = spec.Outputs.Where(o => o.Source == OutputSource.Accumulators).Select(o => o.Tensor).ToHashSet();
        var error = new Dictionary<string, double> { [graph.InputName] = rules.Input(tensors[graph.InputName].Scale) };
        foreach (var node in graph.Nodes)
        {
            double step = tensors[node.Output].Scale;
            double eIn = node.Inputs.Max(i => error[i]);
            error[node.Output] = node switch
            {
                ConvNode or GemmNode => Weighted(node, layers[node.Name].Weights!, tensors[node.Inputs[0]].Scale, eIn, MaxAbs(ranges, node.Inputs[0]), rules)
                    + (accumulatorOutputs.Contains(node.Output) ? 0 : rules.Requantized(step)),
                AddNode => rules.Sum(error[node.Inputs[0]], error[node.Inputs[1]]) + rules.Requantized(step),
                AveragePoolNode or GlobalAveragePoolNode => eIn + rules.Averaged(step),
                _ => eIn,
            };
        }

        return error;
    }

    /// <summary>The worst output channel of a conv or gemm (weights read from the float node, OIHW or [O, F]).</summary>
    private static double Weighted(Node node, LayerWeightsSpec weights, double inputScale, double eIn, double maxAbsIn, Rules rules)
    {
        float[] w = node is ConvNode conv ? conv.Weight : ((GemmNode)node).Weight;
        int channels = weights.WeightScales.Count;
        int k = w.Length / channels;
        return Enumerable.Range(0, channels).Max(c => rules.Channel(w[(c * k)..((c + 1) * k)], weights.WeightScales[c], inputScale, eIn, maxAbsIn));
    }

    private static double MaxAbs(IReadOnlyDictionary<string, ActivationRange> ranges, string tensor) =>
        Math.Max(Math.Abs(ranges[tensor].Min), Math.Abs(ranges[tensor].Max));
}
