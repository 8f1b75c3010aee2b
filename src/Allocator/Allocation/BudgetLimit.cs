using System.Globalization;

namespace Specialized.Allocator.Allocation;

/// <summary>What a budget counts.</summary>
public enum BudgetKind
{
    /// <summary>Parameter-weighted average weight width over the allocated layers (<c>--budget-bits</c>).</summary>
    AverageWeightBits,

    /// <summary>Packed weight bytes as the weights file stores them, in KiB (<c>--budget-kb</c>).</summary>
    WeightKilobytes,

    /// <summary>Bit operations per image, MACs × weight bits × input activation bits, in units of 10⁹ (<c>--budget-bops</c>).</summary>
    GigaBops,
}

/// <summary>One budget: the allocation must satisfy <c>cost ≤ Value</c> (inclusive).</summary>
public sealed record BudgetLimit(BudgetKind Kind, double Value)
{
    /// <summary>The command-line option that sets this kind.</summary>
    public string Option => Kind switch
    {
        BudgetKind.AverageWeightBits => "--budget-bits",
        BudgetKind.WeightKilobytes => "--budget-kb",
        BudgetKind.GigaBops => "--budget-bops",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    /// <summary>Key used in report.json.</summary>
    public string JsonName => Kind switch
    {
        BudgetKind.AverageWeightBits => "avg_weight_bits",
        BudgetKind.WeightKilobytes => "weights_kb",
        BudgetKind.GigaBops => "gbops",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    public override string ToString() => Kind switch
    {
        BudgetKind.AverageWeightBits => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} average weight bits"),
        BudgetKind.WeightKilobytes => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} KiB of weights"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} G-BOPs"),
    };
}
