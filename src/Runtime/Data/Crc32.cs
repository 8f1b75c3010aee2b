namespace Specialized.Runtime.Data;

/// <summary>
/// CRC-32 as PNG (and zlib's crc32, and ISO-HDLC) define it: reflected polynomial 0xEDB88320, initial value and
/// final XOR 0xFFFFFFFF. Written here, table-driven, because System.IO.Hashing is not in the shared framework and
/// the package mirror does not carry it.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32 of the concatenation of <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default) =>
        ~Update(Update(0xFFFFFFFFu, first), second);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
