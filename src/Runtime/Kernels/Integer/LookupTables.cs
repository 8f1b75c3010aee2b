using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Specialized.Runtime.Kernels.Integer;

/// <summary>
/// The activation tables of the generated bit-plane kernels, rebuilt at every run before the layer's kernel: per
/// pixel of a grid over the input, per conv group and per run of input channels, the 64-byte table whose entry m is
/// the sum of the run's codes selected by the bits of m. Built once per pixel, a table serves every tap that reads
/// the pixel and every output channel. Grid pixel (ty, tx) is input pixel (ty·stepY − padTop, tx·stepX − padLeft);
/// outside the input every code is the zero point (the reference skips padded taps, and the kernel's folded bias
/// − z·Σw cancels them). Called only where the kernel that reads the tables runs (the same instruction-set guard).
/// </summary>
public static class LookupTables
{
    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) of u8 tables of 6 codes: entry m =
    /// Σ_{k &lt; 6, bit k of m} x_k (≤ 6·31 for codes of ≤ 5 bits). Entries that include codes past the end of a
    /// conv group hold other bytes' sums; the index panels never set those bits.
    /// <paramref name="source"/> holds the input codes (height·width·channels, NHWC) followed by at least 64 readable bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry does not fit the spans.</exception>
    /// <exception cref="PlatformNotSupportedException">Avx512Vbmi is not supported.</exception>
    public static void BuildBytes(
        ReadOnlySpan<byte> source, int height, int width, int channels, int groups, int tablesPerGroup, int padTop, int padLeft,
        int stepY, int stepX, byte zeroPoint, int gridWidth, Span<byte> tables, int firstRow, int rowCount)
    {
        Check(source, height, width, channels, groups, tablesPerGroup, 6, gridWidth, tables, firstRow, rowCount);
        if (!Avx512Vbmi.IsSupported)
        {
            throw new PlatformNotSupportedException("u8 lookup tables are built with Avx512Vbmi");
        }

        var grid = new Grid(source, height, width, channels, padTop, padLeft, stepY, stepX, gridWidth, tables, groups * tablesPerGroup);
        grid.Walk(new ByteTables(zeroPoint, channels / groups, groups, tablesPerGroup), firstRow, rowCount);
    }

    /// <summary>
    /// Writes rows [<paramref name="firstRow"/>, +<paramref name="rowCount"/>) of int16 tables of 5 codes: entry m =
    /// Σ_{k &lt; 5} b_k·x_k with b_k = bit k of m, or with <paramref name="signed"/> b_k = ±1 (bit set: +1) over the codes
    /// that exist (a conv group's last run may be shorter: its missing codes count 0).
    /// <paramref name="source"/> holds the input codes (height·width·channels, NHWC) followed by at least 64 readable bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry does not fit the spans.</exception>
    /// <exception cref="PlatformNotSupportedException">Avx512BW is not supported.</exception>
    public static void BuildWords(
        ReadOnlySpan<byte> source, int height, int width, int channels, int groups, int tablesPerGroup, int padTop, int padLeft,
        int stepY, int stepX, byte zeroPoint, bool signed, int gridWidth, Span<byte> tables, int firstRow, int rowCount)
    {
        Check(source, height, width, channels, groups, tablesPerGroup, 5, gridWidth, tables, firstRow, rowCount);
        if (!Avx512BW.IsSupported)
        {
            throw new PlatformNotSupportedException("int16 lookup tables are built with Avx512BW");
        }

        var grid = new Grid(source, height, width, channels, padTop, padLeft, stepY, stepX, gridWidth, tables, groups * tablesPerGroup);
        grid.Walk(new WordTables(zeroPoint, signed, channels / groups, groups, tablesPerGroup), firstRow, rowCount);
    }

    /// <summary>Writes one grid pixel's tables (every conv group's) from its codes, or those of a padding pixel.</summary>
    private interface IPixelTables
    {
        void Pixel(ref byte codes, ref byte tables);

        void Padding(ref byte tables);
    }

    /// <summary>The grid walk both table kinds share: which input pixel (or padding) each grid pixel's tables come from.</summary>
    private readonly ref struct Grid(
        ReadOnlySpan<byte> source, int height, int width, int channels, int padTop, int padLeft, int stepY, int stepX, int gridWidth, Span<byte> tables, int pixelTables)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private readonly Span<byte> _tables = tables;

        // Fully optimized from the first call, like the generated kernels: a model runs this a handful of times per image.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Walk<T>(T builder, int firstRow, int rowCount)
            where T : struct, IPixelTables
        {
            ref byte input = ref MemoryMarshal.GetReference(_source);
            ref byte output = ref MemoryMarshal.GetReference(_tables);
            for (int ty = firstRow; ty < firstRow + rowCount; ty++)
            {
                int y = ty * stepY - padTop;
                for (int tx = 0; tx < gridWidth; tx++)
                {
                    int x = tx * stepX - padLeft;
                    ref byte at = ref Unsafe.Add(ref output, (nint)(ty * gridWidth + tx) * pixelTables * 64);
                    if ((uint)y >= (uint)height || (uint)x >= (uint)width)
                    {
                        builder.Padding(ref at);
                    }
                    else
                    {
                        builder.Pixel(ref Unsafe.Add(ref input, (nint)(y * width + x) * channels), ref at);
                    }
                }
            }
        }
    }

    /// <summary>
    /// u8 tables, 8 at a time (48 codes): L = the 8 subset sums of codes 0..2 of each table, H those of codes 3..5,
    /// side by side in 8-byte lanes (vpermb gathers, masks, adds); table j is then L[8j + (m &amp; 7)] + H[8j + (m >> 3)].
    /// </summary>
    private readonly struct ByteTables : IPixelTables
    {
        private readonly Vector512<byte> _low;
        private readonly Vector512<byte> _high;
        private readonly Vector512<byte> _select;
        private readonly Vector512<byte> _mask0;
        private readonly Vector512<byte> _mask1;
        private readonly Vector512<byte> _mask2;
        private readonly Vector512<byte> _padding;
        private readonly int _inPerGroup;
        private readonly int _groups;
        private readonly int _tablesPerGroup;

        public ByteTables(byte zeroPoint, int inPerGroup, int groups, int tablesPerGroup)
        {
            var lane = Vector512<byte>.Indices;
            _high = lane >>> 3;
            _low = lane & Vector512.Create((byte)7);
            _select = _high * (byte)6;
            _mask0 = Vector512.Equals(_low & Vector512.Create((byte)1), Vector512.Create((byte)1));
            _mask1 = Vector512.Equals(_low & Vector512.Create((byte)2), Vector512.Create((byte)2));
            _mask2 = Vector512.Equals(_low & Vector512.Create((byte)4), Vector512.Create((byte)4));
            Span<byte> entries = stackalloc byte[64];
            for (int m = 0; m < 64; m++)
            {
                entries[m] = (byte)(zeroPoint * BitOperations.PopCount((uint)m));
            }

            _padding = Vector512.Create<byte>(entries);
            _inPerGroup = inPerGroup;
            _groups = groups;
            _tablesPerGroup = tablesPerGroup;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pixel(ref byte codes, ref byte tables)
        {
            // Locals, not fields: the stores below could alias this struct, so the JIT would reload fields after each.
            var low = _low;
            var high = _high;
            var select = _select;
            var mask0 = _mask0;
            var mask1 = _mask1;
            var mask2 = _mask2;
            for (int g = 0; g < _groups; g++)
            {
                for (int batch = 0; batch * 8 < _tablesPerGroup; batch++)
                {
                    var x = Vector512.LoadUnsafe(ref codes, (nuint)(g * _inPerGroup + 48 * batch));
                    var l = (Avx512Vbmi.PermuteVar64x8(x, select) & mask0)
                        + (Avx512Vbmi.PermuteVar64x8(x, select + Vector512<byte>.One) & mask1)
                        + (Avx512Vbmi.PermuteVar64x8(x, select + Vector512.Create((byte)2)) & mask2);
                    var h = (Avx512Vbmi.PermuteVar64x8(x, select + Vector512.Create((byte)3)) & mask0)
                        + (Avx512Vbmi.PermuteVar64x8(x, select + Vector512.Create((byte)4)) & mask1)
                        + (Avx512Vbmi.PermuteVar64x8(x, select + Vector512.Create((byte)5)) & mask2);
                    int count = Math.Min(8, _tablesPerGroup - 8 * batch);
                    ref byte at = ref Unsafe.Add(ref tables, (g * _tablesPerGroup + 8 * batch) * 64);
                    for (int j = 0; j < count; j++)
                    {
                        var offset = Vector512.Create((byte)(8 * j));
                        (Avx512Vbmi.PermuteVar64x8(l, low + offset) + Avx512Vbmi.PermuteVar64x8(h, high + offset)).StoreUnsafe(ref at, (nuint)(j * 64));
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Padding(ref byte tables)
        {
            for (int t = 0; t < _groups * _tablesPerGroup; t++)
            {
                _padding.StoreUnsafe(ref tables, (nuint)(t * 64));
            }
        }
    }

    /// <summary>
    /// int16 tables: entry m is vpmaddubsw of the broadcast code pairs (x0, x1), (x2, x3), (x4, ·) with per-entry
    /// multipliers (b0(m), b1(m)), (b2(m), b3(m)), (b4(m), 0), exact (|sum| ≤ 2·255 per pair); the last run of a conv
    /// group has its own multipliers, zero for codes it does not have.
    /// </summary>
    private readonly struct WordTables : IPixelTables
    {
        private readonly Vector512<sbyte> _full01;
        private readonly Vector512<sbyte> _full23;
        private readonly Vector512<sbyte> _full4;
        private readonly Vector512<sbyte> _last01;
        private readonly Vector512<sbyte> _last23;
        private readonly Vector512<sbyte> _last4;
        private readonly Vector512<byte> _paddingFull;
        private readonly Vector512<byte> _paddingLast;
        private readonly int _inPerGroup;
        private readonly int _groups;
        private readonly int _tablesPerGroup;

        public WordTables(byte zeroPoint, bool signed, int inPerGroup, int groups, int tablesPerGroup)
        {
            int last = inPerGroup - (tablesPerGroup - 1) * 5;
            _full01 = Multipliers(signed, 5, 0);
            _full23 = Multipliers(signed, 5, 1);
            _full4 = Multipliers(signed, 5, 2);
            _last01 = Multipliers(signed, last, 0);
            _last23 = Multipliers(signed, last, 1);
            _last4 = Multipliers(signed, last, 2);
            _paddingFull = Padding(zeroPoint, signed, 5);
            _paddingLast = Padding(zeroPoint, signed, last);
            _inPerGroup = inPerGroup;
            _groups = groups;
            _tablesPerGroup = tablesPerGroup;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pixel(ref byte codes, ref byte tables)
        {
            // Locals, not fields: the stores below could alias this struct, so the JIT would reload fields after each.
            var full01 = _full01;
            var full23 = _full23;
            var full4 = _full4;
            for (int g = 0; g < _groups; g++)
            {
                ref byte run = ref Unsafe.Add(ref codes, g * _inPerGroup);
                ref byte at = ref Unsafe.Add(ref tables, g * _tablesPerGroup * 64);
                for (int t = 0; t < _tablesPerGroup - 1; t++)
                {
                    Table(ref Unsafe.Add(ref run, 5 * t), full01, full23, full4).StoreUnsafe(ref at, (nuint)(t * 64));
                }

                Table(ref Unsafe.Add(ref run, 5 * (_tablesPerGroup - 1)), _last01, _last23, _last4).StoreUnsafe(ref at, (nuint)((_tablesPerGroup - 1) * 64));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Padding(ref byte tables)
        {
            for (int g = 0; g < _groups; g++)
            {
                for (int t = 0; t < _tablesPerGroup; t++)
                {
                    (t == _tablesPerGroup - 1 ? _paddingLast : _paddingFull).StoreUnsafe(ref tables, (nuint)((g * _tablesPerGroup + t) * 64));
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<byte> Table(ref byte codes, Vector512<sbyte> m01, Vector512<sbyte> m23, Vector512<sbyte> m4) =>
            (Avx512BW.MultiplyAddAdjacent(Pair(ref codes, 0), m01) + Avx512BW.MultiplyAddAdjacent(Pair(ref codes, 2), m23) + Avx512BW.MultiplyAddAdjacent(Pair(ref codes, 4), m4)).AsByte();

        /// <summary>The code pair at <paramref name="offset"/> broadcast to every 16-bit lane, as bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<byte> Pair(ref byte codes, int offset) => Vector512.Create(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref codes, offset))).AsByte();

        /// <summary>The multipliers of code pair <paramref name="pair"/> (codes 2·pair, 2·pair + 1) for entries m: bit k of m (±1 when signed), 0 for k ≥ <paramref name="valid"/>.</summary>
        private static Vector512<sbyte> Multipliers(bool signed, int valid, int pair)
        {
            Span<sbyte> bytes = stackalloc sbyte[64];
            for (int m = 0; m < 32; m++)
            {
                for (int e = 0; e < 2; e++)
                {
                    int k = 2 * pair + e;
                    int bit = (m >> k) & 1;
                    bytes[2 * m + e] = (sbyte)(k >= valid ? 0 : signed ? 2 * bit - 1 : bit);
                }
            }

            return Vector512.Create<sbyte>(bytes);
        }

        /// <summary>The table of a padding pixel (every code the zero point), as bytes.</summary>
        private static Vector512<byte> Padding(byte zeroPoint, bool signed, int valid)
        {
            Span<short> entries = stackalloc short[32];
            for (int m = 0; m < 32; m++)
            {
                int set = BitOperations.PopCount((uint)(m & ((1 << valid) - 1)));
                entries[m] = (short)(zeroPoint * (signed ? 2 * set - valid : set));
            }

            return Vector512.Create<short>(entries).AsByte();
        }
    }

    private static void Check(
        ReadOnlySpan<byte> source, int height, int width, int channels, int groups, int tablesPerGroup, int groupSize, int gridWidth,
        Span<byte> tables, int firstRow, int rowCount)
    {
        int inPerGroup = groups > 0 ? channels / groups : 0;
        if (groups <= 0 || channels % groups != 0 || tablesPerGroup != (inPerGroup + groupSize - 1) / groupSize
            || source.Length < (long)height * width * channels + 64 || firstRow < 0 || rowCount < 0
            || tables.Length < (long)(firstRow + rowCount) * gridWidth * groups * tablesPerGroup * 64)
        {
            throw new ArgumentException($"lookup tables of {height}×{width}×{channels} ({groups} group(s), {tablesPerGroup} tables of {groupSize}) rows {firstRow}+{rowCount} do not fit the spans");
        }
    }
}
