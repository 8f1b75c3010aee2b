using Specialized.Allocator.Sensitivity.Measurement;

namespace Specialized.Allocator.Allocation;

/// <summary>
/// The options every allocated layer chooses from: each (weight width, activation width) pair of the two lists,
/// ordered by weight width, then activation width, both ascending, so the last option is the widest. A layer's
/// activation width is the width of the tensor it writes (the codes its consumers read), as in the manifest.
/// </summary>
public sealed class CandidatePrecisions
{
    public CandidatePrecisions(IReadOnlyList<int> weightBits, IReadOnlyList<int> activationBits)
    {
        ArgumentNullException.ThrowIfNull(weightBits);
        ArgumentNullException.ThrowIfNull(activationBits);
        WeightBits = weightBits.Distinct().Order().ToArray();
        ActivationBits = activationBits.Distinct().Order().ToArray();
        if (WeightBits.Count == 0 || ActivationBits.Count == 0)
        {
            throw new ArgumentException("need at least one weight width and one activation width");
        }

        Options = WeightBits.SelectMany(w => ActivationBits.Select(a => new LayerPrecision(w, a))).ToArray();
    }

    public IReadOnlyList<int> WeightBits { get; }

    public IReadOnlyList<int> ActivationBits { get; }

    /// <summary>The options in measurement and solver order.</summary>
    public IReadOnlyList<LayerPrecision> Options { get; }

    /// <summary>Index of the widest option (widest weights and activations): the reference the losses are relative to.</summary>
    public int Widest => Options.Count - 1;

    public int WidestActivationBits => ActivationBits[^1];

    /// <summary>Index of (<paramref name="weightBits"/>, <paramref name="activationBits"/>).</summary>
    public int IndexOf(int weightBits, int activationBits)
    {
        for (int i = 0; i < Options.Count; i++)
        {
            if (Options[i].WeightBits == weightBits && Options[i].ActivationBits == activationBits)
            {
                return i;
            }
        }

        throw new ArgumentException($"w{weightBits}a{activationBits} is not a candidate");
    }
}
