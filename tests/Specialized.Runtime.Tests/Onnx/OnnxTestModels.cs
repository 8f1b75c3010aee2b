using Specialized.Runtime.Graph;
using Specialized.Runtime.Onnx;

namespace Specialized.Runtime.Tests.Onnx;

/// <summary>Shared fixtures for the ONNX tests: seeded values and a small valid CNN.</summary>
internal static class OnnxTestModels
{
    public const string SourceName = "test.onnx";

    public static ModelGraph Import(OnnxModelBuilder builder) => OnnxImporter.Load(builder.Build(), SourceName);

    /// <summary>Seeded values in [-1, 1), multiples of 1/64 so they are exact in float16 too.</summary>
    public static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(-64, 64) / 64f).ToArray();
    }

    /// <summary>x[N,2,6,6] → Conv 3×3 pad 1 (4 ch) → Relu → MaxPool 2 → Flatten → Gemm (3 classes).</summary>
    public static OnnxModelBuilder SmallCnn() => new OnnxModelBuilder()
        .Input("x", null, 2, 6, 6)
        .Initializer("w", [4, 2, 3, 3], Values(72, 1))
        .Initializer("b", [4], Values(4, 2))
        .Initializer("fc.w", [3, 36], Values(108, 3))
        .Initializer("fc.b", [3], Values(3, 4))
        .Node("Conv", ["x", "w", "b"], ["c"], "conv1", OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("kernel_shape", 3, 3))
        .Node("Relu", ["c"], ["r"], "relu1")
        .Node("MaxPool", ["r"], ["p"], "pool", OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2))
        .Node("Flatten", ["p"], ["f"], "flatten")
        .Node("Gemm", ["f", "fc.w", "fc.b"], ["y"], "fc", OnnxAttribute.Int("transB", 1))
        .Output("y");
}
