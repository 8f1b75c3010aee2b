using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Specialized.Allocator.Sensitivity.Measurement;

/// <summary>
/// Append-only file of measured loss sums, so an interrupted measurement resumes where it stopped.
/// </summary>
/// <remarks>
/// <para>Format (UTF-8 text, '\n' line ends):</para>
/// <code>
/// specialized-sensitivity-cache 1 KEY
/// FIELDS VALUE *CHECK
/// </code>
/// KEY is the SHA-256 hex of everything the values depend on (<see cref="SensitivityMeasurer"/> builds it);
/// FIELDS is a <see cref="MeasurementKey"/> (<c>S l s start count</c>, …); VALUE the loss sum over those samples
/// (shortest round-trip double text, so a resumed table equals an uninterrupted one bit for bit); CHECK the first
/// 8 hex digits of SHA-256 over "FIELDS VALUE". Each record is written with one call and flushed to disk, so a kill
/// loses at most the record being written.
/// </para>
/// <para>On open: a missing file starts a new cache; a file with another header or key is discarded (warning, new
/// file); the first record that is incomplete (no '\n'), fails its check, does not parse, or lies out of range ends
/// the valid part: the file is truncated there (warning) and everything before it is kept. A later duplicate of a
/// key is ignored.</para>
/// </remarks>
public sealed class SensitivityCache : IDisposable
{
    public const string Magic = "specialized-sensitivity-cache";
    public const int FormatVersion = 1;

    private readonly Dictionary<MeasurementKey, double> _values = [];
    private readonly FileStream _stream;

    private SensitivityCache(FileStream stream) => _stream = stream;

    /// <summary>Records loaded from the file when it was opened.</summary>
    public int LoadedCount { get; private set; }

    /// <summary>
    /// Opens or creates the cache at <paramref name="path"/> for <paramref name="key"/>, keeping the valid records
    /// for which <paramref name="isValid"/> holds. Problems are reported through <paramref name="warn"/>, never thrown.
    /// </summary>
    public static SensitivityCache Open(string path, string key, Func<MeasurementKey, bool> isValid, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(isValid);
        ArgumentNullException.ThrowIfNull(warn);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var cache = new SensitivityCache(stream);
            cache.Load(path, key, isValid, warn);
            return cache;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public bool TryGet(MeasurementKey key, out double value) => _values.TryGetValue(key, out value);

    /// <summary>Appends one record and flushes it to disk before returning.</summary>
    public void Append(MeasurementKey key, double value)
    {
        string body = $"{key.Format()} {value.ToString("R", CultureInfo.InvariantCulture)}";
        byte[] line = Encoding.UTF8.GetBytes($"{body} *{Check(body)}\n");
        _stream.Write(line);
        _stream.Flush(flushToDisk: true);
        _values.TryAdd(key, value);
    }

    public void Dispose() => _stream.Dispose();

    private static string Header(string key) => $"{Magic} {FormatVersion} {key}";

    private static string Check(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)).AsSpan(0, 4));

    private void Load(string path, string key, Func<MeasurementKey, bool> isValid, Action<string> warn)
    {
        var bytes = new byte[_stream.Length];
        _stream.ReadExactly(bytes);
        if (bytes.Length == 0)
        {
            Restart(key);
            return;
        }

        int headerEnd = Array.IndexOf(bytes, (byte)'\n');
        string header = headerEnd < 0 ? "" : Encoding.UTF8.GetString(bytes, 0, headerEnd);
        if (header != Header(key))
        {
            string reason = header.StartsWith(Magic + " ", StringComparison.Ordinal)
                ? "it was made for another model, data set or settings (key or format version differs)"
                : "it is not a sensitivity cache of this format";
            warn($"sensitivity cache {path}: {reason}; discarding it and measuring from scratch");
            Restart(key);
            return;
        }

        int position = headerEnd + 1;
        int lineNumber = 1;
        while (position < bytes.Length)
        {
            lineNumber++;
            int end = Array.IndexOf(bytes, (byte)'\n', position);
            MeasurementKey recordKey = default;
            double value = 0;
            string? problem = end < 0
                ? "the last record is incomplete (the run was interrupted while writing it)"
                : ParseRecord(Encoding.UTF8.GetString(bytes, position, end - position), isValid, out recordKey, out value);
            if (problem is not null)
            {
                warn($"sensitivity cache {path}: line {lineNumber}: {problem}; keeping the {_values.Count} records before it and measuring the rest again");
                _stream.SetLength(position);
                break;
            }

            if (_values.TryAdd(recordKey, value))
            {
                LoadedCount++;
            }

            position = end + 1;
        }

        _stream.Seek(0, SeekOrigin.End);
    }

    private static string? ParseRecord(string line, Func<MeasurementKey, bool> isValid, out MeasurementKey key, out double value)
    {
        key = default;
        value = 0;
        int star = line.LastIndexOf(" *", StringComparison.Ordinal);
        if (star < 0)
        {
            return "record has no checksum";
        }

        string body = line[..star];
        if (line[(star + 2)..] != Check(body))
        {
            return "record checksum does not match (the file was modified or damaged)";
        }

        string[] fields = body.Split(' ');
        if (MeasurementKey.Parse(fields.AsSpan(0, fields.Length - 1)) is not { } parsed
            || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value))
        {
            return "record does not parse";
        }

        if (!isValid(parsed))
        {
            return $"record {parsed} lies outside this measurement";
        }

        key = parsed;
        return null;
    }

    private void Restart(string key)
    {
        _values.Clear();
        LoadedCount = 0;
        _stream.SetLength(0);
        _stream.Write(Encoding.UTF8.GetBytes(Header(key) + "\n"));
        _stream.Flush(flushToDisk: true);
    }
}
