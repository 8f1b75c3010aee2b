namespace Specialized.Runtime.Graph;

/// <summary>
/// An activation fused into the op that produces a tensor, expressed as a clamp to [Min, Max].
/// ReLU is [0, +inf), ReLU6 is [0, 6], Clip is [min, max]; "none" is (-inf, +inf).
/// A clamp is all the integer kernels need: a fused activation becomes the output range of the requantizer.
/// </summary>
public readonly record struct FusedActivation(float Min, float Max)
{
    public static FusedActivation None => new(float.NegativeInfinity, float.PositiveInfinity);
    public static FusedActivation Relu => new(0f, float.PositiveInfinity);
    public static FusedActivation Relu6 => new(0f, 6f);

    public bool IsNone => float.IsNegativeInfinity(Min) && float.IsPositiveInfinity(Max);

    /// <summary>Clamps one value. NaN passes through unchanged, as in PyTorch's clamp.</summary>
    public float Apply(float value) => value < Min ? Min : value > Max ? Max : value;

    /// <summary>The activation equivalent to applying this one and then <paramref name="next"/>.</summary>
    public FusedActivation Then(FusedActivation next) =>
        new(Math.Min(Math.Max(Min, next.Min), next.Max), Math.Max(Math.Min(Max, next.Max), next.Min));

    public override string ToString() =>
        IsNone ? "none" : this == Relu ? "relu" : $"clip[{Min}, {Max}]";
}
