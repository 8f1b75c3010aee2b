namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// Measured CLADO loss perturbations of a model on a calibration set: plain data, the input of the CLADO matrix.
/// Layer l ∈ [0, Layers.Count) and option s ∈ [0, Options.Count) index every value.
/// <list type="bullet">
/// <item><see cref="Single"/>(l, s) = ΔL(l, s) = L(only layer l's weights quantized at option s) − L(float model).</item>
/// <item><see cref="Pair"/>(l, s, m, t) = ΔL((l, s), (m, t)) = L(layers l and m quantized together at s and t) − L(float), for l ≠ m;
///   symmetric by construction: Pair(l, s, m, t) and Pair(m, t, l, s) read the same stored value.</item>
/// <item><see cref="Omega"/>(l, s, m, t) = Pair − Single(l, s) − Single(m, t): the cross-layer interaction term.</item>
/// </list>
/// L is the mean loss over the <see cref="SampleCount"/> calibration samples (<see cref="Loss"/>). Values are raw
/// estimates: they may be negative (quantization noise can lower the loss on a finite set); the matrix side decides
/// how to treat that. Every option of every layer is measured, the widest included.
/// </summary>
public sealed class SensitivityTable
{
    private readonly double[,] _single;
    private readonly double[,,,]? _pair;

    /// <param name="single">[L, S] single-layer ΔL.</param>
    /// <param name="pair">[L, S, L, S] pair ΔL; only entries with l &lt; m are read (the rest may hold anything). Null when only singles were measured.</param>
    /// <exception cref="ArgumentException">An array's dimensions do not match the layer and option counts.</exception>
    public SensitivityTable(
        IReadOnlyList<QuantizableLayer> layers,
        IReadOnlyList<LayerPrecision> options,
        LossKind loss,
        int sampleCount,
        double floatLoss,
        double[,] single,
        double[,,,]? pair)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(single);
        int l = layers.Count, s = options.Count;
        if (single.GetLength(0) != l || single.GetLength(1) != s)
        {
            throw new ArgumentException($"single is [{single.GetLength(0)}, {single.GetLength(1)}], expected [{l}, {s}]", nameof(single));
        }

        if (pair is not null && (pair.GetLength(0) != l || pair.GetLength(1) != s || pair.GetLength(2) != l || pair.GetLength(3) != s))
        {
            throw new ArgumentException($"pair must be [{l}, {s}, {l}, {s}]", nameof(pair));
        }

        Layers = layers.ToArray();
        Options = options.ToArray();
        Loss = loss;
        SampleCount = sampleCount;
        FloatLoss = floatLoss;
        _single = (double[,])single.Clone();
        _pair = (double[,,,]?)pair?.Clone();
    }

    /// <summary>The measured layers, in graph order.</summary>
    public IReadOnlyList<QuantizableLayer> Layers { get; }

    /// <summary>The candidate precisions, the same for every layer.</summary>
    public IReadOnlyList<LayerPrecision> Options { get; }

    public LossKind Loss { get; }

    /// <summary>Number of calibration samples the losses average over.</summary>
    public int SampleCount { get; }

    /// <summary>L(float model): mean cross-entropy; 0 for KL.</summary>
    public double FloatLoss { get; }

    /// <summary>Whether pairs were measured (false for a singles-only table, e.g. for the independent baseline).</summary>
    public bool HasPairs => _pair is not null;

    /// <summary>ΔL with only layer <paramref name="layer"/> at option <paramref name="option"/>.</summary>
    public double Single(int layer, int option) => _single[layer, option];

    /// <summary>ΔL with layer <paramref name="l"/> at option <paramref name="s"/> and layer <paramref name="m"/> at <paramref name="t"/> (l ≠ m, either order).</summary>
    /// <exception cref="ArgumentException">l = m: a layer has one option at a time.</exception>
    /// <exception cref="InvalidOperationException">The table holds singles only.</exception>
    public double Pair(int l, int s, int m, int t)
    {
        if (_pair is null)
        {
            throw new InvalidOperationException("this table holds single-layer measurements only (IncludePairs was false)");
        }

        if (l == m)
        {
            throw new ArgumentException($"a pair needs two different layers, got layer {l} twice");
        }

        return l < m ? _pair[l, s, m, t] : _pair[m, t, l, s];
    }

    /// <summary>Ω = Pair(l, s, m, t) − Single(l, s) − Single(m, t).</summary>
    public double Omega(int l, int s, int m, int t) => Pair(l, s, m, t) - Single(l, s) - Single(m, t);
}
