namespace Specialized.Runtime.Data;

/// <summary>The channels <see cref="PngImage"/> returns. Alpha is always dropped: models take no alpha input.</summary>
public enum PngChannels
{
    /// <summary>The image's own color channels: 1 for gray and gray+alpha, 3 for RGB and RGBA.</summary>
    Native,

    /// <summary>1 channel. Color is converted with ITU-R BT.601 luma: round(0.299 R + 0.587 G + 0.114 B).</summary>
    Gray,

    /// <summary>3 channels. Gray is replicated into R, G and B.</summary>
    Rgb,
}
