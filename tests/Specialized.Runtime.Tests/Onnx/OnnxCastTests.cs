using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;
using static Specialized.Runtime.Tests.Onnx.OnnxTestModels;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>
/// float16-compressed models keep a float32 graph valid by casting each float16 initializer to float32; the importer
/// folds those Casts into float32 constants and rejects Casts it cannot fold.
/// </summary>
public sealed class OnnxCastTests
{
    private const long ToFloat = 1;
    private const long ToInt64 = 7;

    [Fact]
    public void CastOfFloat16Initializers_FoldsIntoTheConvWeights()
    {
        // Multiples of 1/64 in [-1, 1) are exact in float16.
        float[] w = Values(4 * 2 * 3 * 3, 62);
        float[] b = [0.5f, -0.25f, 1f, 0f];
        var graph = Import(new OnnxModelBuilder()
            .Input("x", 1, 2, 5, 5)
            .Initializer("w16", [4, 2, 3, 3], w, TensorEncoding.Float16Raw)
            .Initializer("b16", [4], b, TensorEncoding.Float16Raw)
            .Node("Cast", ["w16"], ["w"], "cast_w", OnnxAttribute.Int("to", ToFloat))
            .Node("Cast", ["b16"], ["b"], "cast_b", OnnxAttribute.Int("to", ToFloat))
            .Node("Conv", ["x", "w", "b"], ["y"], "conv")
            .Output("y"));

        var conv = Assert.IsType<ConvNode>(Assert.Single(graph.Nodes));
        Assert.Equal(w, conv.Weight);
        Assert.Equal(b, conv.Bias);
    }

    [Fact]
    public void CastToAnotherType_IsRejectedNamingTheAttribute()
    {
        var error = Assert.Throws<OnnxImportException>(() => Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 2, 2)
            .Initializer("w", [1, 1, 1, 1], [1f])
            .Node("Cast", ["w"], ["w64"], "cast", OnnxAttribute.Int("to", ToInt64))
            .Node("Conv", ["x", "w64"], ["y"], "conv")
            .Output("y")));

        Assert.Equal("cast", error.NodeName);
        Assert.Contains("to=INT64", error.Message);
    }

    [Fact]
    public void CastOfAComputedTensor_IsRejected()
    {
        var error = Assert.Throws<OnnxImportException>(() => Import(new OnnxModelBuilder()
            .Input("x", 1, 1, 2, 2)
            .Node("Cast", ["x"], ["y"], "cast", OnnxAttribute.Int("to", ToFloat))
            .Output("y")));

        Assert.Equal("Cast", error.OpType);
        Assert.Contains("computed tensor", error.Message);
    }
}
