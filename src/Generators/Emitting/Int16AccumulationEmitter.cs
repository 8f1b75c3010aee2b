using System.Collections.Generic;
using Specialized.Generators.Emitting.Gemm;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Family (b), sub-byte widths with int16 accumulation: the generator proves from both widths how many vpmaddubsw
/// pair sums an int16 lane holds (<see cref="GemmPlan.PairSumDepth"/> ≥ 2, e.g. 8 quads at W4A8, 32 at W2A8, 136 at
/// W4A4) and widens with vpmaddwd only that often, so most quads cost one multiply (vpmaddubsw) and one vpaddw
/// instead of two multiplies. Paths: zmm (Avx512BW, 7 pixels × 32 channels, 28 accumulators), ymm (Avx2, 3 × 16),
/// then the portable Vector128 and scalar paths, which accumulate in int32.
/// </summary>
internal static class Int16AccumulationEmitter
{
    public static IReadOnlyList<GemmPath> Paths(GemmPlan plan) =>
        [new PairSumPath(wide: true, depth: plan.PairSumDepth, split: false, tilePixels: 7), new PairSumPath(wide: false, depth: plan.PairSumDepth, split: false, tilePixels: 3), new Vector128Path()];

    public static void Emit(SourceWriter w, LayerPlan plan) => GemmLayerEmitter.Emit(w, plan, Paths(plan.Gemm!));
}
