using Specialized.Runtime.Graph;
using Specialized.Runtime.Tests.Kernels;

namespace Specialized.Runtime.Tests.Execution;

/// <summary>Evaluates a graph node by node with the naive oracles of <see cref="Naive"/> (independent of the executor).</summary>
public static class NaiveGraph
{
    public static (float[] Value, int[] Shape) Evaluate(ModelGraph graph, float[] input, int[] shape)
    {
        var values = new Dictionary<string, (float[] Value, int[] Shape)> { [graph.InputName] = (input, shape) };
        foreach (var node in graph.Nodes)
        {
            var (x, xs) = values[node.Inputs[0]];
            values[node.Output] = node switch
            {
                ConvNode conv => Activate(Naive.Conv(x, xs, conv), conv.Activation),
                GemmNode gemm => GemmLayer(x, xs, gemm),
                AddNode add => (x.Zip(values[add.Inputs[1]].Value, (l, r) => add.Activation.Apply(l + r)).ToArray(), xs),
                ClampNode clamp => (x.Select(clamp.Activation.Apply).ToArray(), xs),
                MaxPoolNode pool => Naive.Pool(x, xs, pool.Geometry, max: true, countIncludePad: false),
                AveragePoolNode pool => Naive.Pool(x, xs, pool.Geometry, max: false, pool.CountIncludePad),
                GlobalAveragePoolNode => GlobalAverage(x, xs),
                FlattenNode or ReshapeNode => (x, node.InferShape([xs])),
                ConcatNode concat => ConcatAll(concat, values),
                _ => throw new NotSupportedException(node.OpType),
            };
        }

        return values[graph.OutputNames[0]];
    }

    private static (float[], int[]) Activate((double[] Value, double[] Magnitude, int[] Shape) conv, FusedActivation activation) =>
        (conv.Value.Select(v => activation.Apply((float)v)).ToArray(), conv.Shape);

    private static (float[], int[]) GemmLayer(float[] x, int[] xs, GemmNode gemm)
    {
        int n = xs[0];
        var y = new float[n * gemm.OutFeatures];
        for (int b = 0; b < n; b++)
        {
            for (int o = 0; o < gemm.OutFeatures; o++)
            {
                double sum = gemm.Bias[o];
                for (int k = 0; k < gemm.InFeatures; k++)
                {
                    sum += (double)x[b * gemm.InFeatures + k] * gemm.Weight[o * gemm.InFeatures + k];
                }

                y[b * gemm.OutFeatures + o] = gemm.Activation.Apply((float)sum);
            }
        }

        return (y, [n, gemm.OutFeatures]);
    }

    private static (float[], int[]) GlobalAverage(float[] x, int[] xs)
    {
        int planes = xs[0] * xs[1], size = xs[2] * xs[3];
        var y = new float[planes];
        for (int p = 0; p < planes; p++)
        {
            double sum = 0;
            for (int i = 0; i < size; i++)
            {
                sum += x[p * size + i];
            }

            y[p] = (float)(sum / size);
        }

        return (y, [xs[0], xs[1], 1, 1]);
    }

    private static (float[], int[]) ConcatAll(ConcatNode node, Dictionary<string, (float[] Value, int[] Shape)> values)
    {
        var inputs = node.Inputs.Select(name => values[name]).ToArray();
        var shape = node.InferShape(inputs.Select(i => i.Shape).ToArray());
        int axis = node.ResolveAxis(shape.Length);
        int outer = shape.Take(axis).Aggregate(1, (a, b) => a * b);
        var result = new List<float>();
        for (int o = 0; o < outer; o++)
        {
            foreach (var (value, s) in inputs)
            {
                int chunk = value.Length / outer;
                result.AddRange(value.Skip(o * chunk).Take(chunk));
            }
        }

        return (result.ToArray(), shape);
    }

    /// <summary>Asserts every element is within 1e-3·(max |expected| + 1): loose enough for float reassociation through several layers.</summary>
    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: length {actual.Length}, expected {expected.Length}");
        double scale = expected.Length == 0 ? 1 : expected.Max(v => Math.Abs((double)v)) + 1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= 1e-3 * scale))
            {
                Assert.Fail($"{context}: at {i} expected {expected[i]} got {actual[i]} (scale {scale})");
            }
        }
    }
}
