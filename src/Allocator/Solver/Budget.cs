namespace Specialized.Allocator.Solver;

/// <summary>
/// A linear resource constraint: Σ_l <c>Costs[Index(l, s_l)]</c> ≤ <c>Limit</c> (inclusive), summed over the chosen
/// option of every layer. Costs are integers (packed weight bits, bit operations) so the comparison is exact.
/// </summary>
/// <param name="Name">Shown in messages, e.g. "size (bits)" or "BOPs".</param>
/// <param name="Costs">Cost of every variable, indexed as in <see cref="OptionLayout"/>; may be negative.</param>
/// <param name="Limit">Largest allowed total (inclusive).</param>
public sealed record Budget(string Name, long[] Costs, long Limit);
