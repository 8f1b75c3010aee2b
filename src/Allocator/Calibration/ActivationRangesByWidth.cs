using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Specialized.Runtime.Quantization;

namespace Specialized.Allocator.Calibration;

/// <summary>
/// Calibrated activation ranges for every candidate activation width, by tensor name. With MSE clipping the best
/// range depends on the width (a 4-bit tensor clips harder than an 8-bit one), so sensitivity measurement and the
/// manifest builder both look a tensor's range up at the width it is quantized to.
/// </summary>
public sealed class ActivationRangesByWidth
{
    private readonly IReadOnlyDictionary<int, IReadOnlyDictionary<string, ActivationRange>> _ranges;
    private string? _identity;

    public ActivationRangesByWidth(ClippingMethod method, IReadOnlyDictionary<int, IReadOnlyDictionary<string, ActivationRange>> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Method = method;
        _ranges = ranges;
    }

    public ClippingMethod Method { get; }

    /// <summary>The calibrated widths, ascending.</summary>
    public IReadOnlyList<int> Widths => _ranges.Keys.Order().ToArray();

    /// <summary>The range of <paramref name="tensor"/> at <paramref name="bits"/>.</summary>
    /// <exception cref="KeyNotFoundException">The width was not calibrated, or the tensor was not observed.</exception>
    public ActivationRange Range(string tensor, int bits)
    {
        if (!_ranges.TryGetValue(bits, out var atWidth))
        {
            throw new KeyNotFoundException($"activation width {bits} was not calibrated (calibrated: {string.Join(", ", Widths)})");
        }

        return atWidth.TryGetValue(tensor, out var range)
            ? range
            : throw new KeyNotFoundException($"tensor '{tensor}' has no calibrated range");
    }

    /// <summary>The range of <paramref name="tensor"/> at <paramref name="bits"/>, if that width was calibrated and the tensor observed.</summary>
    public bool TryGetRange(string tensor, int bits, out ActivationRange range)
    {
        range = default;
        return _ranges.TryGetValue(bits, out var atWidth) && atWidth.TryGetValue(tensor, out range);
    }

    public ActivationQuantization Quantization(string tensor, int bits) => Range(tensor, bits).ToQuantization(bits);

    /// <summary>All ranges at one width (for the manifest builder's per-tensor table).</summary>
    public IReadOnlyDictionary<string, ActivationRange> AtWidth(int bits) =>
        _ranges.TryGetValue(bits, out var atWidth) ? atWidth : throw new KeyNotFoundException($"activation width {bits} was not calibrated");

    /// <summary>SHA-256 hex of every (width, tensor, min, max), exact to the bit: part of the sensitivity cache key.</summary>
    public string Identity => _identity ??= ComputeIdentity();

    private string ComputeIdentity()
    {
        var text = new StringBuilder(Method.ToString());
        foreach (int bits in Widths)
        {
            foreach (var (tensor, range) in _ranges[bits].OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"|{bits}:{tensor}:{BitConverter.SingleToInt32Bits(range.Min):x8}:{BitConverter.SingleToInt32Bits(range.Max):x8}");
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
