using Specialized.Allocator.Calibration;
using Specialized.Allocator.Datasets;
using Specialized.Allocator.Sensitivity.Measurement;
using Specialized.Runtime.Execution;

namespace Specialized.Allocator.Allocation;

/// <summary>
/// The loss increase an allocation really causes on the calibration set, with every layer quantized at once (the
/// same fake quantization the measurement uses for one or two layers). Set beside the predicted ΔL it shows how
/// far the second-order model is from the truth for that choice — the evidence the report needs when a method
/// that predicts better turns out worse.
/// </summary>
public static class RealizedLoss
{
    public static double DeltaLoss(
        FloatExecutor floatModel,
        WeightQuantizerCache weights,
        ActivationRangesByWidth ranges,
        IReadOnlyList<QuantizableLayer> layers,
        CandidatePrecisions candidates,
        IReadOnlyList<int> choices,
        LabeledSamples data,
        LossKind loss,
        int batchSize,
        CancellationToken cancellation = default)
    {
        var executors = new List<FloatExecutor>();
        try
        {
            var quantized = floatModel;
            for (int l = 0; l < layers.Count; l++)
            {
                var option = candidates.Options[choices[l]];
                int node = layers[l].NodeIndex;
                var output = option.ActivationBits is int a ? ranges.Quantization(floatModel.Graph.Nodes[node].Output, a) : (Runtime.Quantization.ActivationQuantization?)null;
                quantized = quantized.WithReplacedNode(node, weights.Get(node, option.WeightBits).Replacement, output);
                executors.Add(quantized);
            }

            double floatSum = 0, quantizedSum = 0;
            for (int start = 0; start < data.Count; start += batchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, data.Count - start);
                var batch = data.Batch(start, count);
                int classes = floatModel.OutputShape(batch.Shape)[1];
                var reference = new float[count * classes];
                var perturbed = new float[count * classes];
                floatModel.Run(batch.Data, batch.Shape, reference);
                quantized.Run(batch.Data, batch.Shape, perturbed);
                if (loss == LossKind.CrossEntropy)
                {
                    var labels = data.Labels.AsSpan(start, count);
                    floatSum += LossFunctions.CrossEntropySum(reference, classes, labels);
                    quantizedSum += LossFunctions.CrossEntropySum(perturbed, classes, labels);
                }
                else
                {
                    quantizedSum += LossFunctions.KlDivergenceSum(reference, perturbed, classes);
                }
            }

            return (quantizedSum - floatSum) / data.Count;
        }
        finally
        {
            executors.ForEach(e => e.Dispose());
        }
    }
}
