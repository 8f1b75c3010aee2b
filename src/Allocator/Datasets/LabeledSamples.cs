using System.Security.Cryptography;
using Specialized.Runtime.Tensors;

namespace Specialized.Allocator.Datasets;

/// <summary>
/// Model-ready samples: <see cref="Inputs"/> N×C×H×W float32 (normalized), and optionally one integer class label
/// per sample. Produced by <see cref="DatasetLoader"/>.
/// </summary>
public sealed class LabeledSamples
{
    private string? _identity;

    /// <exception cref="ArgumentException">Inputs are not rank 4, or the label count differs from N.</exception>
    public LabeledSamples(string description, DenseTensor<float> inputs, int[]? labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank != 4)
        {
            throw new ArgumentException($"inputs must be N×C×H×W, got {inputs}", nameof(inputs));
        }

        if (labels is not null && labels.Length != inputs.Shape[0])
        {
            throw new ArgumentException($"{labels.Length} labels for {inputs.Shape[0]} samples", nameof(labels));
        }

        Description = description;
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>What the samples came from (the DATA argument), for messages and reports.</summary>
    public string Description { get; }

    public DenseTensor<float> Inputs { get; }

    /// <summary>One class index per sample, or null when the data has no labels (then only KL loss applies).</summary>
    public int[]? Labels { get; }

    public int Count => Inputs.Shape[0];

    /// <summary>The shape of one sample, [C, H, W].</summary>
    public int[] SampleShape => Inputs.Shape[1..];

    /// <summary>
    /// SHA-256 (hex) of the sample count, the input shape, every input value's bits and every label: two sets with
    /// the same identity feed the model exactly the same numbers. Used to key the sensitivity cache.
    /// </summary>
    public string Identity => _identity ??= ComputeIdentity();

    /// <summary>Samples [start, start + count) as a new batch tensor (a copy).</summary>
    public DenseTensor<float> Batch(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        int sample = Inputs.Length / Count;
        int[] shape = [count, .. SampleShape];
        return new DenseTensor<float>(shape, Inputs.Data.AsSpan(start * sample, count * sample).ToArray());
    }

    private string ComputeIdentity()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(int value) => hash.AppendData(BitConverter.GetBytes(value));

        Add(Inputs.Rank);
        foreach (int d in Inputs.Shape)
        {
            Add(d);
        }

        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Inputs.Data.AsSpan()));
        Add(Labels is null ? -1 : Labels.Length);
        foreach (int label in Labels ?? [])
        {
            Add(label);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
