using Specialized.Runtime.Kernels.Integer;
using Specialized.Runtime.Quantization;

namespace Specialized.Runtime.Tests.Kernels;

public sealed class QuadPanelsTests
{
    [Theory]
    [InlineData(1, 5, 7, 3)]    // segment not a multiple of 4, channels not a multiple of 16
    [InlineData(2, 17, 4, 9)]   // two groups, a second block with one channel
    [InlineData(3, 1, 1, 1)]    // depthwise-like: one channel per group, K = 1
    [InlineData(1, 32, 192, 3)] // a ResNet 3×3 row of 64 channels
    public void Pack_places_every_code_at_its_documented_byte_and_zeros_elsewhere(int groups, int outPerGroup, int segmentLength, int segments)
    {
        var rng = new Random(groups * 1000 + outPerGroup);
        int k = segmentLength * segments;
        var codes = Enumerable.Range(0, groups * outPerGroup * k).Select(_ => (sbyte)rng.Next(-128, 128)).ToArray();
        var panels = new sbyte[QuadPanels.Length(groups, outPerGroup, segmentLength, segments)];
        QuadPanels.Pack(codes, groups, outPerGroup, segmentLength, segments, panels);

        int blocks = QuadPanels.BlocksPerGroup(outPerGroup);
        int segmentQuads = QuadPanels.SegmentQuads(segmentLength);
        int quads = segmentQuads * segments;
        var expected = new sbyte[panels.Length];
        for (int g = 0; g < groups; g++)
        {
            for (int o = 0; o < outPerGroup; o++)
            {
                for (int kk = 0; kk < k; kk++)
                {
                    int s = kk / segmentLength, j = kk % segmentLength;
                    int q = s * segmentQuads + j / 4;
                    int block = g * blocks + o / 16;
                    expected[(block * quads + q) * 64 + o % 16 * 4 + j % 4] = codes[(g * outPerGroup + o) * k + kk];
                }
            }
        }

        Assert.Equal(expected, panels);
    }

    [Fact]
    public void Epilogue_parameters_fold_the_zero_point_into_the_bias_in_padded_channel_order()
    {
        sbyte[] codes = [1, -2, 3, /* c1 */ 4, 5, -6, /* c2 (group 1) */ -1, -1, -1];
        var parameters = new int[3 * QuadPanels.PaddedChannels(3, 1)];
        QuadPanels.EpilogueParameters(codes, 3, 1, 10, [100, 200, 300], [1 << 30, 1 << 30 | 5, int.MaxValue], [-1, 2, 30], parameters);
        int n = 48;
        Assert.Equal(100 - 10 * 2, parameters[0]);
        Assert.Equal(200 - 10 * 3, parameters[16]);
        Assert.Equal(300 + 10 * 3, parameters[32]);
        Assert.Equal(0, parameters[1]);
        Assert.Equal((1 << 30) | 5, parameters[n + 16]);
        Assert.Equal(1 << 30, parameters[n + 1]);
        Assert.Equal(30, parameters[2 * n + 32]);
    }

    [Fact]
    public void UnpackCodes_reads_signed_and_codebook_rows_like_BitPacking()
    {
        sbyte[] row0 = [-8, 7, 0, 3, -1];
        sbyte[] row1 = [1, 2, -3, -4, 5];
        var blob = new byte[] { 0xAA }.Concat(BitPacking.PackSigned(row0, 4)).Concat(BitPacking.PackSigned(row1, 4)).ToArray();
        var codes = new sbyte[15];
        QuadPanels.UnpackCodes(blob, 1, 1, 2, 5, 4, default, codes);
        Assert.Equal(new sbyte[5], codes[..5]);
        Assert.Equal(row0, codes[5..10]);
        Assert.Equal(row1, codes[10..]);

        var indices = BitPacking.PackUnsigned([0, 3, 1, 2], 2);
        var fromBook = new sbyte[4];
        QuadPanels.UnpackCodes(indices, 0, 0, 1, 4, 2, [-100, 5, 9, 127], fromBook);
        Assert.Equal(new sbyte[] { -100, 127, 5, 9 }, fromBook);
    }

    [Fact]
    public void AllocateAligned_gives_a_64_byte_aligned_start()
    {
        for (int i = 0; i < 20; i++)
        {
            var array = QuadPanels.AllocateAligned<sbyte>(100 + i, out int offset);
            Assert.True(array.Length >= offset + 100 + i);
            unsafe
            {
                fixed (sbyte* p = &array[offset])
                {
                    Assert.Equal(0u, (uint)((nuint)p % 64));
                }
            }
        }
    }
}
