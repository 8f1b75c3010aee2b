namespace Specialized.Manifest;

/// <summary>
/// Stable codes of manifest problems. The number never changes once released: the generator reports code N as
/// diagnostic <c>SP{N:D4}</c> (see <see cref="ManifestError.Id"/>), and docs/manifest.md lists them.
/// </summary>
public enum ManifestErrorCode
{
    /// <summary>The text is not valid JSON (the message says what was expected).</summary>
    InvalidJson = 1,

    /// <summary>Arrays/objects nest deeper than <see cref="JsonReader.MaxDepth"/>.</summary>
    TooDeep = 2,

    /// <summary>An object has the same key twice.</summary>
    DuplicateKey = 3,

    /// <summary><c>formatVersion</c> is not one this reader knows.</summary>
    UnsupportedFormatVersion = 4,

    /// <summary>A required field is absent.</summary>
    MissingField = 5,

    /// <summary>A field has the wrong JSON type (a string where a number belongs, a fraction where an integer does).</summary>
    WrongType = 6,

    /// <summary>A field is not part of the format (usually a typo).</summary>
    UnknownField = 7,

    /// <summary>A value is out of its allowed range (a negative stride, a zero point beyond 2^bits − 1, a bad hash).</summary>
    InvalidValue = 8,

    /// <summary>A layer or the input names a tensor id that the tensors table lacks, or reads one before it is written.</summary>
    UnknownTensor = 9,

    /// <summary>A tensor id or layer name is defined twice, or a tensor is written by two layers.</summary>
    DuplicateId = 10,

    /// <summary>The op name is not one of the supported ops.</summary>
    UnsupportedOp = 11,

    /// <summary>A bit width outside 1..8.</summary>
    UnsupportedWidth = 12,

    /// <summary>A tensor's shape disagrees with what the layer computes from its inputs and geometry.</summary>
    ShapeMismatch = 13,

    /// <summary>An array's length disagrees with the shapes (weight scales vs output channels, codebook vs 2^bits, …).</summary>
    LengthMismatch = 14,

    /// <summary>Tensors that must share quantization (pool, flatten, clamp, concat inputs and output) do not.</summary>
    QuantizationMismatch = 15,

    /// <summary>A weight blob range lies outside the weights file or does not match the packed size.</summary>
    BlobRange = 16,
}

/// <summary>
/// One problem found in a manifest: a stable <see cref="Code"/>, a message naming the problem, and the span of the
/// offending JSON token (for a missing field, the object that lacks it).
/// </summary>
public sealed record ManifestError(ManifestErrorCode Code, string Message, TextSpan Span)
{
    /// <summary>The diagnostic id the generator reports: <c>SP0001</c>….</summary>
    public string Id => "SP" + ((int)Code).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"{Id} at line {Span.Line}, column {Span.Column}: {Message}";
}
