namespace Specialized.Samples.ResNet18;

/// <summary>A model that turns normalized N×1×28×28 images into N×10 logits: the float32 original or the specialized one.</summary>
internal interface IClassifier : IDisposable
{
    /// <summary>How the sample names it in its reports.</summary>
    string Name { get; }

    /// <summary>Threads a run uses.</summary>
    int Threads { get; }

    /// <summary>Logits of <paramref name="count"/> normalized images stored one after another in <paramref name="images"/>.</summary>
    void Run(ReadOnlySpan<float> images, int count, Span<float> logits);
}
