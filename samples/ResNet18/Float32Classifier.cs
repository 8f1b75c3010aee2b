using Specialized.Runtime.Execution;
using Specialized.Runtime.Onnx;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The embedded ONNX model run by the runtime's float32 executor: the accuracy baseline the specialized
/// mixed-precision model is compared with.
/// </summary>
internal sealed class Float32Classifier : IClassifier
{
    private readonly FloatExecutor executor;

    public Float32Classifier(int? threads = null)
    {
        var graph = OnnxImporter.Load(FashionMnist.OpenResource("fmnist_resnet18.onnx"), "fmnist_resnet18.onnx");
        executor = new FloatExecutor(graph, threads);
    }

    public string Name => "float32 executor";

    public int Threads => executor.Threads;

    /// <summary>No allocation after the first run of each batch size (the executor plans once per input shape).</summary>
    public void Run(ReadOnlySpan<float> images, int count, Span<float> logits) =>
        executor.Run(images[..(count * Evaluation.Pixels)], [count, 1, FashionMnist.ImageSize, FashionMnist.ImageSize], logits[..(count * Evaluation.Classes)]);

    public void Dispose() => executor.Dispose();
}
