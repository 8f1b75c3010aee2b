namespace Specialized.Allocator.Allocation;

/// <summary>How the per-layer widths are chosen (docs/allocation.md, "Methods").</summary>
public enum AllocationMethod
{
    /// <summary>CLADO: measured single and pairwise loss increases, cross-layer terms included, exact IQP.</summary>
    Clado,

    /// <summary>The HAWQ/ZeroQ-style baseline: measured single-layer increases only (Ω = 0), the same exact solver.</summary>
    Independent,

    /// <summary>One width everywhere; between two widths, a split by layer order (no measurement).</summary>
    Uniform,
}

/// <summary>Command-line names of the methods.</summary>
public static class AllocationMethods
{
    public static string Name(AllocationMethod method) => method switch
    {
        AllocationMethod.Clado => "clado",
        AllocationMethod.Independent => "independent",
        AllocationMethod.Uniform => "uniform",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    public static bool TryParse(string text, out AllocationMethod method)
    {
        foreach (var candidate in Enum.GetValues<AllocationMethod>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }
}
