namespace Specialized.Benchmarks.Generator;

/// <summary>
/// The timing protocol of the generated-kernel benchmarks, the one bench/ort/ort.js uses for ONNX Runtime: the timed
/// runs are split into <see cref="Blocks"/> blocks, the compared cases alternate block by block (machine noise falls on
/// all alike), and within its block a case runs back to back after <see cref="WarmUp"/> untimed runs, so a 2-thread
/// model's workers are spinning as in a caller's loop. Run by run, a worker fell asleep during the other cases' turns,
/// and waking a sleeping thread on this VM took 0.1 ms to tens of ms (the all-8-bit 2-thread median read 9.6–10.3 ms
/// against p10s of 5.5–6.1).
/// </summary>
internal static class AlternatingBlocks
{
    public const int Blocks = 5;

    public const int WarmUp = 3;

    /// <summary>Timed runs per case: <paramref name="runs"/> rounded up to whole blocks.</summary>
    public static int TimedRuns(int runs) => (runs + Blocks - 1) / Blocks * Blocks;

    /// <summary>Calls <paramref name="run"/>(case, timed) in the protocol's order, <see cref="TimedRuns"/> timed calls per case.</summary>
    public static void Run(int cases, int runs, Action<int, bool> run)
    {
        int perBlock = TimedRuns(runs) / Blocks;
        for (int block = 0; block < Blocks; block++)
        {
            for (int c = 0; c < cases; c++)
            {
                for (int i = -WarmUp; i < perBlock; i++)
                {
                    run(c, i >= 0);
                }
            }
        }
    }

    /// <summary>The protocol's description for a table header.</summary>
    public static string Describe(int runs, string what) =>
        $"{TimedRuns(runs)} runs per {what} in {Blocks} alternating blocks, {WarmUp} warm-up per block";
}
