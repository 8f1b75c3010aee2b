using Google.Protobuf;

namespace Specialized.Runtime.Onnx.Proto;

/// <summary>
/// A thin, defensive layer over <see cref="CodedInputStream"/> for the hand-written ONNX message readers.
/// It checks every wire type against the field's declared type, checks every length prefix against the bytes
/// actually left in the buffer <em>before</em> anything is allocated or a child reader is created, caps message nesting,
/// and keeps a breadcrumb of what is being read so a framing error can say where it happened.
/// </summary>
/// <remarks>
/// The whole file is held in one array, so "bytes left" is exact. Protobuf's own exceptions
/// (<see cref="InvalidProtocolBufferException"/>) are translated by <see cref="OnnxImporter"/> using
/// <see cref="Where"/>.
/// </remarks>
internal sealed class ProtoReader
{
    /// <summary>
    /// The ONNX subset we read nests at most ModelProto → GraphProto → NodeProto → AttributeProto → TensorProto
    /// (and ValueInfo → Type → Tensor → Shape → Dimension), so 16 is generous; it exists so that no future reader
    /// of a recursive message (subgraphs) can be driven into a stack overflow.
    /// </summary>
    public const int MaxDepth = 16;

    private readonly byte[] buffer;
    private readonly CodedInputStream input;
    private readonly List<string> path;
    private uint lastTag;

    public ProtoReader(byte[] buffer, string sourceName)
        : this(buffer, 0, buffer.Length, sourceName, [])
    {
    }

    /// <summary>
    /// A reader confined to buffer[offset .. offset + length): protobuf's own limit stack is internal, so an
    /// embedded message or packed run is read by a child stream over exactly its bytes.
    /// </summary>
    private ProtoReader(byte[] buffer, int offset, int length, string sourceName, List<string> path)
    {
        this.buffer = buffer;
        this.path = path;
        SourceName = sourceName;
        input = new CodedInputStream(buffer, offset, length);
    }

    public string SourceName { get; }

    /// <summary>The breadcrumb of fields being read, e.g. "ModelProto.graph > GraphProto.node > NodeProto.attribute".</summary>
    public string Where => path.Count == 0 ? "the top-level ModelProto" : string.Join(" > ", path);

    public WireFormat.WireType WireType => WireFormat.GetTagWireType(lastTag);

    /// <summary>Advances to the next field of the current message; false at the end of the message.</summary>
    public bool NextField(out int fieldNumber)
    {
        lastTag = input.ReadTag();
        fieldNumber = WireFormat.GetTagFieldNumber(lastTag);
        return lastTag != 0;
    }

    /// <summary>Skips a field this reader does not use, after checking its wire type is a real one.</summary>
    public void Skip()
    {
        var wireType = WireType;
        if (wireType is WireFormat.WireType.EndGroup || (int)wireType > 5)
        {
            throw Malformed($"field {WireFormat.GetTagFieldNumber(lastTag)} has invalid wire type {(int)wireType}");
        }

        if (wireType == WireFormat.WireType.LengthDelimited)
        {
            CheckLengthPrefix("skipped field");
        }

        input.SkipLastField();
    }

    public long ReadInt64(string field)
    {
        Expect(WireFormat.WireType.Varint, field);
        return input.ReadInt64();
    }

    public int ReadInt32(string field)
    {
        Expect(WireFormat.WireType.Varint, field);
        return input.ReadInt32();
    }

    public float ReadFloat(string field)
    {
        Expect(WireFormat.WireType.Fixed32, field);
        return input.ReadFloat();
    }

    public string ReadString(string field)
    {
        Expect(WireFormat.WireType.LengthDelimited, field);
        CheckLengthPrefix(field);
        return input.ReadString();
    }

    public ByteString ReadBytes(string field)
    {
        Expect(WireFormat.WireType.LengthDelimited, field);
        CheckLengthPrefix(field);
        return input.ReadBytes();
    }

    /// <summary>Appends one element (unpacked encoding) or a packed run of varint int64 values.</summary>
    public void ReadRepeatedInt64(string field, List<long> values)
    {
        if (WireType == WireFormat.WireType.Varint)
        {
            values.Add(input.ReadInt64());
            return;
        }

        ReadPacked(field, stream => values.Add(stream.ReadInt64()));
    }

    /// <summary>Appends one element (unpacked encoding) or a packed run of varint int32 values.</summary>
    public void ReadRepeatedInt32(string field, List<int> values)
    {
        if (WireType == WireFormat.WireType.Varint)
        {
            values.Add(input.ReadInt32());
            return;
        }

        ReadPacked(field, stream => values.Add(stream.ReadInt32()));
    }

    /// <summary>Appends one element (unpacked fixed32) or a packed run of little-endian floats.</summary>
    public void ReadRepeatedFloat(string field, List<float> values)
    {
        if (WireType == WireFormat.WireType.Fixed32)
        {
            values.Add(input.ReadFloat());
            return;
        }

        Expect(WireFormat.WireType.LengthDelimited, field);
        int length = CheckLengthPrefix(field).Length;
        if (length % 4 != 0)
        {
            throw Malformed($"packed {field} has {length} bytes, not a multiple of 4");
        }

        // Capacity is bounded by the bytes left in the file, checked just above.
        values.Capacity = checked(values.Count + (length / 4));
        ReadPacked(field, stream => values.Add(stream.ReadFloat()));
    }

    /// <summary>Reads an embedded message with <paramref name="read"/>, confined to its length prefix.</summary>
    public T ReadMessage<T>(string field, Func<ProtoReader, T> read)
    {
        Expect(WireFormat.WireType.LengthDelimited, field);
        if (path.Count >= MaxDepth)
        {
            throw Malformed($"messages nest deeper than {MaxDepth} levels");
        }

        var child = Child(field);
        path.Add(field);
        T result = read(child);
        path.RemoveAt(path.Count - 1);
        input.SkipLastField();
        return result;
    }

    /// <summary>A framing error at the current position, for the importer to wrap with the source name.</summary>
    public ProtoFormatException Malformed(string problem) => new($"{problem} (while reading {Where}, at byte {Position})");

    /// <summary>Absolute offset in the file: a stream over buffer[offset..] counts its position from the array start.</summary>
    private long Position => input.Position;

    private void ReadPacked(string field, Action<CodedInputStream> readOne)
    {
        Expect(WireFormat.WireType.LengthDelimited, field);
        var child = Child(field);
        while (!child.input.IsAtEnd)
        {
            readOne(child.input);
        }

        input.SkipLastField();
    }

    /// <summary>A reader over the payload of the length-delimited field at the current position (not consumed).</summary>
    private ProtoReader Child(string field)
    {
        var (start, length) = CheckLengthPrefix(field);
        return new ProtoReader(buffer, start, length, SourceName, path);
    }

    private void Expect(WireFormat.WireType expected, string field)
    {
        if (WireType != expected)
        {
            throw Malformed($"{field} has wire type {(int)WireType}, expected {(int)expected} ({expected})");
        }
    }

    /// <summary>
    /// Decodes the length prefix at the current position without consuming it and checks it against the bytes
    /// left, so that neither protobuf nor we allocate or push a limit from an unchecked length.
    /// </summary>
    private (int Start, int Length) CheckLengthPrefix(string field)
    {
        long position = Position;
        ulong length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (position >= buffer.Length || shift > 63)
            {
                throw Malformed($"the length prefix of {field} is truncated or too long");
            }

            byte b = buffer[position++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        long left = buffer.Length - position;
        if (length > (ulong)left)
        {
            throw Malformed($"{field} declares {length} bytes but only {left} are left in the file");
        }

        return ((int)position, (int)length);
    }
}

/// <summary>A protobuf framing problem found by <see cref="ProtoReader"/>; the importer adds the source name.</summary>
internal sealed class ProtoFormatException(string message) : Exception(message);
