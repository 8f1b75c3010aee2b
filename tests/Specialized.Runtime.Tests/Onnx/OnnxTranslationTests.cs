using Specialized.Runtime.Graph;
using static Specialized.Runtime.Tests.Onnx.OnnxTestModels;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>Each supported op's translation: attributes, defaults, folding, fusion and aliasing.</summary>
public sealed class OnnxTranslationTests
{
    [Fact]
    public void Conv_ReadsEveryAttribute_AndShapeMatchesHandComputation()
    {
        float[] w = Values(6 * 2 * 3 * 3, 10);
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 4, 9, 9)
            .Initializer("w", [6, 2, 3, 3], w)
            .Node("Conv", ["x", "w"], ["y"], "conv",
                OnnxAttribute.Ints("strides", packed: false, 2, 1),
                OnnxAttribute.Ints("pads", 1, 0, 2, 1),
                OnnxAttribute.Ints("dilations", 1, 2),
                OnnxAttribute.Int("group", 2))
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal(new Conv2dGeometry(4, 6, 3, 3, 2, 1, 1, 0, 2, 1, 1, 2, 2), conv.Geometry);
        Assert.Equal(w, conv.Weight);
        Assert.Equal(new float[6], conv.Bias);
        Assert.True(conv.Activation.IsNone);

        // H: (9 + 1 + 2 − 1·2 − 1) / 2 + 1 = 5; W: (9 + 0 + 1 − 2·2 − 1) / 1 + 1 = 6.
        Assert.Equal([1, 6, 5, 6], graph.InferShapes([1, 4, 9, 9])["y"]);
    }

    [Theory]
    [InlineData("SAME_UPPER", 0, 1, 1, 2)]
    [InlineData("SAME_LOWER", 1, 2, 0, 1)]
    [InlineData("VALID", 0, 0, 0, 0)]
    public void Conv_AutoPad_WithStrideOne(string autoPad, int top, int left, int bottom, int right)
    {
        // Kernel 2×4: total padding 1 on H and 3 on W; SAME_UPPER puts the odd one at the end.
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 5, 5)
            .Initializer("w", [1, 1, 2, 4], Values(8, 11))
            .Node("Conv", ["x", "w"], ["y"], "conv", OnnxAttribute.String("auto_pad", autoPad))
            .Output("y"));

        var g = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes)).Geometry;
        Assert.Equal((top, left, bottom, right), (g.PadTop, g.PadLeft, g.PadBottom, g.PadRight));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Gemm_AlphaBetaAndTransB_GiveOutByInWeight(int transB)
    {
        const int inFeatures = 3, outFeatures = 2;
        float[] b = Values(inFeatures * outFeatures, 20);
        float[] c = Values(outFeatures, 21);
        long[] bDims = transB == 1 ? [outFeatures, inFeatures] : [inFeatures, outFeatures];
        var graph = Import(new OnnxModelBuilder()
            .Input("x", null, inFeatures)
            .Initializer("B", bDims, b)
            .Initializer("C", [outFeatures], c)
            .Node("Gemm", ["x", "B", "C"], ["y"], "fc",
                OnnxAttribute.Float("alpha", 2f), OnnxAttribute.Float("beta", 0.5f), OnnxAttribute.Int("transB", transB))
            .Output("y"));

        var gemm = Assert.IsType<GemmNode>(Assert.Single(graph.Nodes));
        Assert.Equal((inFeatures, outFeatures), (gemm.InFeatures, gemm.OutFeatures));
        for (int o = 0; o < outFeatures; o++)
        {
            for (int k = 0; k < inFeatures; k++)
            {
                float stored = transB == 1 ? b[(o * inFeatures) + k] : b[(k * outFeatures) + o];
                Assert.Equal(2f * stored, gemm.Weight[(o * inFeatures) + k]);
            }

            Assert.Equal(0.5f * c[o], gemm.Bias[o]);
        }
    }

    [Fact]
    public void MatMulThenConstantAdd_BecomesOneGemmWithThatBias()
    {
        float[] b = Values(12, 30);
        float[] bias = Values(4, 31);
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 2, 3)
            .Initializer("B", [3, 4], b)
            .Initializer("bias", [4], bias)
            .Node("MatMul", ["x", "B"], ["m"], "matmul")
            .Node("Add", ["bias", "m"], ["y"], "add")
            .Output("y"));

        var gemm = Assert.IsType<GemmNode>(Assert.Single(graph.Nodes));
        Assert.Equal("matmul", gemm.Name);
        Assert.Equal("y", gemm.Output);
        Assert.Equal(bias, gemm.Bias);
        Assert.Equal(b[(2 * 4) + 1], gemm.Weight[(1 * 3) + 2]); // W[o=1, k=2] = B[k=2, o=1]
    }

    [Fact]
    public void ConstantAdd_PerChannelOnConv_FoldsIntoBias()
    {
        float[] bias = Values(2, 40);
        float[] add = Values(2, 41);
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 4, 4)
            .Initializer("w", [2, 1, 1, 1], [1f, 2f])
            .Initializer("b", [2], bias)
            .Initializer("k", [1, 2, 1, 1], add)
            .Node("Conv", ["x", "w", "b"], ["c"], "conv")
            .Node("Add", ["c", "k"], ["y"], "add")
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal([bias[0] + add[0], bias[1] + add[1]], conv.Bias);
    }

    [Fact]
    public void Relu_OnlyReaderOfConv_IsFused_KeepingConvNameAndReluOutput()
    {
        var graph = Import(SmallCnn());
        var conv = Assert.IsType<ConvNode>(graph.Nodes[0]);
        Assert.Equal("conv1", conv.Name);
        Assert.Equal("r", conv.Output);
        Assert.Equal(FusedActivation.Relu, conv.Activation);
        Assert.Equal(["ConvNode", "MaxPoolNode", "FlattenNode", "GemmNode"], graph.Nodes.Select(n => n.GetType().Name));
        Assert.Equal([1, 3], graph.InferShapes([1, 2, 6, 6])["y"]);
    }

    [Fact]
    public void Relu_OnTensorWithAnotherReader_StaysAClampNode()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 4, 4)
            .Initializer("w", [1, 1, 1, 1], [1f])
            .Node("Conv", ["x", "w"], ["c"], "conv")
            .Node("Relu", ["c"], ["r"], "relu")
            .Output("r")
            .Output("c"));

        Assert.True(Assert.IsType<ConvNode>(graph.Nodes[0]).Activation.IsNone);
        var clamp = Assert.IsType<ClampNode>(graph.Nodes[1]);
        Assert.Equal((FusedActivation.Relu, "c", "r"), (clamp.Activation, clamp.Inputs[0], clamp.Output));
    }

    [Fact]
    public void Relu_AfterPool_StaysAClampNode()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 4, 4)
            .Node("GlobalAveragePool", ["x"], ["g"], "gap")
            .Node("Relu", ["g"], ["r"], "relu")
            .Output("r"));

        Assert.IsType<GlobalAveragePoolNode>(graph.Nodes[0]);
        Assert.Equal(FusedActivation.Relu, Assert.IsType<ClampNode>(graph.Nodes[1]).Activation);
    }

    [Fact]
    public void Clip_WithConstantAndInitializerBounds_FusesIntoAdd_AndComposesWithRelu()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 4, 4)
            .Initializer("w", [1, 1, 1, 1], [1f])
            .Initializer("hi", [], [6f])
            .Node("Conv", ["x", "w"], ["a"], "conv_a")
            .Node("Conv", ["x", "w"], ["b"], "conv_b")
            .Node("Add", ["a", "b"], ["s"], "add")
            .Node("Constant", [], ["lo"], "lo", OnnxAttribute.Tensor("value", OnnxModelBuilder.FloatTensor("lo", [], [-1f])))
            .Node("Clip", ["s", "lo", "hi"], ["clipped"], "clip")
            .Node("Relu", ["clipped"], ["y"], "relu")
            .Output("y"));

        var add = Assert.IsType<AddNode>(graph.Nodes[2]);
        Assert.Equal(["a", "b"], add.Inputs);
        Assert.Equal("y", add.Output);
        Assert.Equal(new FusedActivation(0f, 6f), add.Activation);
        Assert.Equal(3, graph.Nodes.Count);
    }

    [Fact]
    public void Clip_WithOmittedMin_IsUnboundedBelow()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Initializer("hi", [], [0.5f])
            .Node("Flatten", ["x"], ["f"], "flatten")
            .Node("Clip", ["f", "", "hi"], ["y"], "clip")
            .Output("y"));

        Assert.Equal(new FusedActivation(float.NegativeInfinity, 0.5f), Assert.IsType<ClampNode>(graph.Nodes[1]).Activation);
    }

    /// <summary>
    /// Folding must preserve the function: for a 1×1 conv, BN(Σₖ w[c,k]·x[k] + b[c]) computed with the BN
    /// formula in double equals the folded Σₖ w'[c,k]·x[k] + b'[c], for random x.
    /// </summary>
    [Fact]
    public void BatchNormalization_FoldsIntoConv_PreservingTheFunction()
    {
        const int channels = 3, k = 2;
        float[] w = Values(channels * k, 50), b = Values(channels, 51), gamma = Values(channels, 52), beta = Values(channels, 53), mean = Values(channels, 54);
        float[] variance = Values(channels, 55).Select(v => v + 1.5f).ToArray();
        const float epsilon = 1e-3f;
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, k, 2, 2)
            .Initializer("w", [channels, k, 1, 1], w)
            .Initializer("b", [channels], b)
            .Initializer("gamma", [channels], gamma)
            .Initializer("beta", [channels], beta)
            .Initializer("mean", [channels], mean)
            .Initializer("var", [channels], variance)
            .Node("Conv", ["x", "w", "b"], ["c"], "conv")
            .Node("BatchNormalization", ["c", "gamma", "beta", "mean", "var"], ["y"], "bn", OnnxAttribute.Float("epsilon", epsilon))
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal("y", conv.Output);
        var random = new Random(56);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] x = [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2];
            for (int c = 0; c < channels; c++)
            {
                double raw = (w[c * k] * x[0]) + (w[(c * k) + 1] * x[1]) + b[c];
                double expected = (gamma[c] * (raw - mean[c]) / Math.Sqrt(variance[c] + (double)epsilon)) + beta[c];
                double folded = (conv.Weight[c * k] * x[0]) + (conv.Weight[(c * k) + 1] * x[1]) + conv.Bias[c];
                Assert.True(Math.Abs(expected - folded) < 1e-5, $"trial {trial} channel {c}: BN {expected}, folded {folded}");
            }
        }
    }

    [Fact]
    public void IdentityAndDropout_AreAliases_ForTensorsAndInitializers()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 3, 3)
            .Initializer("w0", [1, 1, 1, 1], [2f])
            .Node("Identity", ["w0"], ["w"], "id_w")
            .Node("Identity", ["x"], ["x1"], "id_x")
            .Node("Conv", ["x1", "w"], ["c"], "conv")
            .Node("Dropout", ["c"], ["d", "mask"], "drop")
            .Node("Identity", ["d"], ["y"], "id_y")
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal(["x"], conv.Inputs);
        Assert.Equal([2f], conv.Weight);
        Assert.Equal(["c"], graph.OutputNames);
    }

    [Fact]
    public void Pools_ReadWindowAttributes()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 2, 9, 9)
            .Node("MaxPool", ["x"], ["m"], "max",
                OnnxAttribute.Ints("kernel_shape", 3, 2), OnnxAttribute.Ints("strides", 2, 1),
                OnnxAttribute.Ints("pads", 1, 0, 1, 1), OnnxAttribute.Ints("dilations", 1, 2), OnnxAttribute.Int("ceil_mode", 1))
            .Node("AveragePool", ["m"], ["a"], "avg",
                OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Int("count_include_pad", 1), OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Output("a"));

        var max = Assert.IsType<MaxPoolNode>(graph.Nodes[0]);
        Assert.Equal(new Pool2dGeometry(3, 2, 2, 1, 1, 0, 1, 1, 1, 2, true), max.Geometry);
        var avg = Assert.IsType<AveragePoolNode>(graph.Nodes[1]);
        Assert.Equal(new Pool2dGeometry(2, 2, 1, 1, 1, 1, 1, 1, 1, 1, false), avg.Geometry);
        Assert.True(avg.CountIncludePad);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShapeOps_GlobalPoolFlattenReshapeConcat(bool rawShape)
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", null, 4, 3, 3)
            .InitializerInt64("shape", [2], [0, -1], rawShape)
            .Node("Reshape", ["x", "shape"], ["r"], "reshape")
            .Node("Flatten", ["x"], ["f"], "flatten", OnnxAttribute.Int("axis", -3))
            .Node("Concat", ["r", "f"], ["y"], "concat", OnnxAttribute.Int("axis", 1))
            .Node("GlobalAveragePool", ["x"], ["g"], "gap")
            .Node("Flatten", ["g"], ["gf"], "flatten_default")
            .Output("y")
            .Output("gf"));

        Assert.IsType<GlobalAveragePoolNode>(graph.Nodes[3]);
        Assert.Equal(1, Assert.IsType<FlattenNode>(graph.Nodes[4]).Axis);
        Assert.Equal([5, 4], graph.InferShapes([5, 4, 3, 3])["gf"]);
        Assert.Equal([0L, -1L], Assert.IsType<ReshapeNode>(graph.Nodes[0]).Target);
        Assert.Equal(-3, Assert.IsType<FlattenNode>(graph.Nodes[1]).Axis);
        Assert.Equal(1, Assert.IsType<ConcatNode>(graph.Nodes[2]).Axis);
        Assert.Equal([5, 72], graph.InferShapes([5, 4, 3, 3])["y"]);
    }

    [Fact]
    public void MissingNodeNames_AreGeneratedFromOpAndIndex()
    {
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 4, 4)
            .Initializer("w", [1, 1, 1, 1], [1f])
            .Node("Conv", ["x", "w"], ["c"])
            .Node("Relu", ["c"], ["r"])
            .Node("MaxPool", ["r"], ["y"], "", OnnxAttribute.Ints("kernel_shape", 2, 2))
            .Output("y"));

        Assert.Equal(["Conv_0", "MaxPool_2"], graph.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void InitializersListedAsInputs_AreNotInputs_AndDynamicBatchIsMinusOne()
    {
        var graph = Import(SmallCnn().InputForInitializer("w", 4, 2, 3, 3).InputForInitializer("fc.b", 3));
        Assert.Equal("x", graph.InputName);
        Assert.Equal([-1, 2, 6, 6], graph.InputShape);
    }
}
