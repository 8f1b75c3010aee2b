using Specialized.Runtime.Kernels.Integer;

namespace Specialized.Runtime.Tests.Kernels;

public sealed class HaloTests
{
    [Fact]
    public void Bordered_copy_holds_the_image_inside_and_the_zero_point_around_it_in_any_row_split()
    {
        const int h = 3, w = 4, c = 2, top = 1, left = 2, ph = 6, pw = 7;
        var source = Enumerable.Range(0, h * w * c).Select(i => (byte)(i + 1)).ToArray();
        var whole = new byte[ph * pw * c];
        Halo.CopyRows(source, h, w, c, top, left, ph, pw, 200, whole, 0, ph);
        for (int y = 0; y < ph; y++)
        {
            for (int x = 0; x < pw; x++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    bool inside = y >= top && y < top + h && x >= left && x < left + w;
                    byte expected = inside ? source[((y - top) * w + x - left) * c + ch] : (byte)200;
                    Assert.Equal(expected, whole[(y * pw + x) * c + ch]);
                }
            }
        }

        var split = new byte[whole.Length];
        Halo.CopyRows(source, h, w, c, top, left, ph, pw, 200, split, 0, 2);
        Halo.CopyRows(source, h, w, c, top, left, ph, pw, 200, split, 2, 4);
        Assert.Equal(whole, split);
        Assert.Throws<ArgumentException>(() => Halo.CopyRows(source, h, w, c, top, left, ph, pw, 200, split, 5, 2));
    }
}
