using System.Collections.Generic;
using Specialized.Generators.Emitting.Gemm;
using Specialized.Generators.Helpers;
using Specialized.Generators.Model;

namespace Specialized.Generators.Emitting;

/// <summary>
/// Family (a), int8: u8 activation codes × s8 weights summed into int32 at every quad, for width pairs where int16
/// partial sums cannot be kept (<see cref="GemmPlan.PairSumDepth"/> ≤ 1). Paths, widest first: with depth 1,
/// vpmaddubsw → vpmaddwd → vpaddd on zmm (32 registers allow a 7 × 32 tile), then AvxVnni vpdpbusd on ymm; with
/// depth 0 (8-bit × 8-bit, where a vpmaddubsw pair sum can saturate) AvxVnni first — it has no intermediate
/// saturation — then the exact split-code vpmaddubsw path on zmm. Then the same on ymm (Avx2), the portable
/// Vector128 path and the scalar one.
/// </summary>
internal static class Int8Emitter
{
    public static IReadOnlyList<GemmPath> Paths(GemmPlan plan) => plan.PairSumDepth >= 1
        ? [new PairSumPath(wide: true, depth: 1, split: false, tilePixels: 7), new VnniPath(tilePixels: 6), new PairSumPath(wide: false, depth: 1, split: false, tilePixels: 4), new Vector128Path()]
        : [new VnniPath(tilePixels: 6), new PairSumPath(wide: true, depth: 0, split: true, tilePixels: 7), new PairSumPath(wide: false, depth: 0, split: true, tilePixels: 4), new Vector128Path()];

    public static void Emit(SourceWriter w, LayerPlan plan) => GemmLayerEmitter.Emit(w, plan, Paths(plan.Gemm!));
}
