using Specialized.Allocator.Datasets;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Execution;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Tests.Measurement;

/// <summary>
/// The oracle for measurement: for every configuration, a new graph with the chosen layers' weights replaced by
/// <see cref="WeightQuantization"/> round trips (max|w| clipping), a brand-new <see cref="FloatExecutor"/> run on the
/// whole set in one batch, and the loss written out here in double. No snapshots, no derived executors, no cache.
/// With output quantizers, the fresh executor gets them through <see cref="FloatExecutor.WithReplacedNode"/> (the
/// runtime's fake-quantization hook, tested on its own in the runtime tests), still without snapshots or a cache.
/// </summary>
internal static class BruteForce
{
    public static double Loss(ModelGraph graph, LabeledSamples data, LossKind loss, params (int Node, int Bits)[] quantized) =>
        Loss(graph, data, loss, quantized.Select(q => (q.Node, q.Bits, (ActivationQuantization?)null)).ToArray());

    public static double Loss(ModelGraph graph, LabeledSamples data, LossKind loss, (int Node, int Bits, ActivationQuantization? Output)[] quantized)
    {
        var nodes = graph.Nodes.ToArray();
        foreach (var (index, bits, _) in quantized)
        {
            nodes[index] = nodes[index] switch
            {
                ConvNode c => c.WithParameters(WeightQuantization.Quantize(c.Weight, c.Geometry.OutChannels, bits).Dequantize(), c.Bias),
                GemmNode g => g.WithParameters(WeightQuantization.Quantize(g.Weight, g.OutFeatures, bits).Dequantize(), g.Bias),
                _ => throw new ArgumentException($"node {index} has no weights"),
            };
        }

        float[] perturbed = Logits(graph.WithNodes(nodes), data, quantized.Where(q => q.Output is not null).Select(q => (q.Node, q.Output!.Value)).ToArray());
        int n = data.Count, classes = perturbed.Length / n;
        double total = 0;
        if (loss == LossKind.CrossEntropy)
        {
            for (int i = 0; i < n; i++)
            {
                double[] p = Softmax(perturbed.AsSpan(i * classes, classes));
                total += -Math.Log(p[data.Labels![i]]);
            }

            return total / n;
        }

        float[] reference = Logits(graph, data);
        for (int i = 0; i < n; i++)
        {
            double[] pf = Softmax(reference.AsSpan(i * classes, classes));
            double[] pq = Softmax(perturbed.AsSpan(i * classes, classes));
            for (int c = 0; c < classes; c++)
            {
                total += pf[c] * Math.Log(pf[c] / pq[c]);
            }
        }

        return total / n;
    }

    private static float[] Logits(ModelGraph graph, LabeledSamples data, params (int Node, ActivationQuantization Output)[] outputs)
    {
        var executors = new List<FloatExecutor> { new(graph) };
        try
        {
            foreach (var (node, output) in outputs)
            {
                executors.Add(executors[^1].WithReplacedNode(node, graph.Nodes[node], output));
            }

            return executors[^1].Run(data.Inputs).Data;
        }
        finally
        {
            executors.ForEach(e => e.Dispose());
        }
    }

    private static double[] Softmax(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits)
        {
            max = Math.Max(max, v);
        }

        double[] e = new double[logits.Length];
        for (int c = 0; c < e.Length; c++)
        {
            e[c] = Math.Exp(logits[c] - max);
        }

        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
