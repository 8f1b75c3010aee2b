namespace Specialized.Runtime.Kernels.Float;

/// <summary>
/// Cache blocking of one <see cref="Sgemm"/> call: the depth block KC, and how many MR-row A panels (MC/MR) and
/// NR-column B micro-panels (NC/NR) one block holds.
/// </summary>
/// <remarks>
/// Sizes follow from the project machine's caches (48 KiB L1d, 1 MiB L2 per core; docs/PERFORMANCE.md):
/// <list type="bullet">
/// <item>KC: the depth is cut into equal blocks of at most <see cref="DepthLimit"/> (by default K is not split,
/// which measured best; with a limit of 384 one B micro-panel of KC×32 floats fits L1).</item>
/// <item>MC: as many A panels as fit <see cref="RowBudgetBytes"/> of L2 at this KC, so the second and later B
/// micro-panels find the A block in L2. This only takes effect when K is split: at KC = K an A panel alone is
/// K×MR floats (147 KB at K = 4608).</item>
/// <item>NC: as many B micro-panels as fit <see cref="ColumnBudgetBytes"/>, packed once per depth block and
/// reused by every A block; the two budgets together stay under L2.</item>
/// </list>
/// </remarks>
internal readonly record struct Blocking(int DepthBlock, int RowPanels, int ColumnPanels)
{
    /// <summary>
    /// Largest depth block of <see cref="For"/>; default: K is not split (docs/PERFORMANCE.md, design choices,
    /// "Blocking": KC ≤ 576/384/256 measured no better on ResNet-18, and slower at 7² with 2 threads). Settable so
    /// the benchmark can compare values in one process; nothing else may change it (plans size their scratch from it).
    /// </summary>
    internal static int DepthLimit { get; set; } = int.MaxValue;

    /// <summary>L2 bytes for one block of A panels (KC×MC floats).</summary>
    internal static int RowBudgetBytes { get; set; } = 384 * 1024;

    /// <summary>L2 bytes for one packed block of B (KC×NC floats).</summary>
    internal static int ColumnBudgetBytes { get; set; } = 256 * 1024;

    /// <summary>Floats of B-packing scratch this blocking needs: one depth block of NC columns.</summary>
    public int ScratchLength(GemmKernel kernel) => DepthBlock * ColumnPanels * GemmKernels.Nr(kernel);

    /// <summary>The blocking for <paramref name="kernel"/> at depth <paramref name="depth"/> ≥ 1.</summary>
    public static Blocking For(GemmKernel kernel, int depth)
    {
        int blocks = (depth - 1) / DepthLimit + 1;
        int kc = (depth + blocks - 1) / blocks;
        int bytesPerDepth = kc * sizeof(float);
        int rowPanels = Math.Max(1, RowBudgetBytes / (bytesPerDepth * GemmKernels.Mr(kernel)));
        int columnPanels = Math.Max(1, ColumnBudgetBytes / (bytesPerDepth * GemmKernels.Nr(kernel)));
        return new Blocking(kc, rowPanels, columnPanels);
    }
}
