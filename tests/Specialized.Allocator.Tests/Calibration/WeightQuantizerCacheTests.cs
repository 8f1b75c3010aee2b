using Specialized.Allocator.Calibration;
using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Tests.Calibration;

public sealed class WeightQuantizerCacheTests
{
    [Fact]
    public void Quantizes_each_layer_and_width_once_with_dequantized_weights_and_the_original_bias()
    {
        var graph = OnnxImporter.Load(Repository.SampleModel);
        int convIndex = graph.Nodes.ToList().FindIndex(n => n is ConvNode);
        int gemmIndex = graph.Nodes.ToList().FindIndex(n => n is GemmNode);
        var cache = new WeightQuantizerCache(graph, ClippingMethod.MinMax);

        foreach (int index in new[] { convIndex, gemmIndex })
        {
            var first = cache.Get(index, 4);
            Assert.Same(first, cache.Get(index, 4));
            Assert.NotSame(first, cache.Get(index, 2));

            var (weight, bias, outChannels) = graph.Nodes[index] switch
            {
                ConvNode c => (c.Weight, c.Bias, c.Geometry.OutChannels),
                GemmNode g => (g.Weight, g.Bias, g.OutFeatures),
                _ => throw new InvalidOperationException(),
            };
            float[] expected = WeightQuantization.Quantize(weight, outChannels, 4).Dequantize();
            var (replacedWeight, replacedBias) = first.Replacement switch
            {
                ConvNode c => (c.Weight, c.Bias),
                GemmNode g => (g.Weight, g.Bias),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal(expected, replacedWeight);
            Assert.Equal(bias, replacedBias);
            Assert.Equal(weight.Zip(expected).Sum(p => Math.Pow(p.First - (double)p.Second, 2)), first.SquaredError, 9);
        }
    }

    [Fact]
    public void Rejects_a_node_without_weights()
    {
        var graph = OnnxImporter.Load(Repository.SampleModel);
        int other = graph.Nodes.ToList().FindIndex(n => n is not ConvNode and not GemmNode);

        var error = Assert.Throws<ArgumentException>(() => new WeightQuantizerCache(graph, ClippingMethod.Mse).Get(other, 4));
        Assert.Contains("only Conv and Gemm", error.Message);
    }
}
