using Specialized.Generated;

namespace Specialized.Samples.ResNet18;

/// <summary>
/// The mixed-precision model compiled by the Specialized generator from <c>model/fmnist_resnet18.manifest.json</c>
/// (the class <see cref="FmnistResnet18Model"/> is generated at build time). A generated model instance owns one
/// activation arena, so this keeps two kinds: one instance whose layers use every thread, for a single image, and one
/// single-threaded instance per thread for batches, which split the images between them (no synchronisation per
/// layer, which is what pays at 28×28 where every layer is small).
/// </summary>
internal sealed class SpecializedClassifier : IClassifier
{
    private const int Classes = 10;
    private const int Pixels = FashionMnist.ImageSize * FashionMnist.ImageSize;

    private readonly FmnistResnet18Model single;
    private readonly FmnistResnet18Model[] perThread;

    public SpecializedClassifier(int? threads = null)
    {
        Threads = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(threads));
        single = new FmnistResnet18Model(Threads);
        perThread = new FmnistResnet18Model[Threads];
        for (int i = 0; i < Threads; i++)
        {
            perThread[i] = new FmnistResnet18Model();
        }
    }

    public string Name => $"specialized ({ModelFacts.Embedded.Summary})";

    public int Threads { get; }

    public void Run(ReadOnlySpan<float> images, int count, Span<float> logits)
    {
        if (count == 1 || Threads == 1)
        {
            single.Run(images[..(count * Pixels)], logits[..(count * Classes)], count);
            return;
        }

        // Each thread takes a contiguous share of the batch on its own model instance.
        var input = images[..(count * Pixels)].ToArray();
        var output = new float[count * Classes];
        int workers = Math.Min(Threads, count);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            int first = count * worker / workers;
            int end = count * (worker + 1) / workers;
            perThread[worker].Run(input.AsSpan(first * Pixels, (end - first) * Pixels), output.AsSpan(first * Classes, (end - first) * Classes), end - first);
        });
        output.CopyTo(logits);
    }

    public void Dispose()
    {
        single.Dispose();
        foreach (var model in perThread)
        {
            model.Dispose();
        }
    }
}
