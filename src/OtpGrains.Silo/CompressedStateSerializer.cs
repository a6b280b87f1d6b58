using System.Buffers.Binary;
using System.IO.Compression;
using Orleans.Storage;

namespace OtpGrains.Silo;

/// <summary>
/// Writes grain state as the JSON of <see cref="StoredJson"/>, Brotli-compressed once it is large
/// enough for that to pay. A package row is rewritten whole on every attempt and reaches about 2.4 kB
/// of JSON by the end of its day; compressed it is about a third of that, which is what every write
/// costs in WAL, in replication and in the heap page. Compressing here, on the silo, also spares
/// PostgreSQL its own compression of rows over its 2 kB threshold, on the one machine every silo shares.
/// <para>
/// A stored payload is either plain JSON (it starts with <c>{</c>: small states, and every row
/// written before compression) or <see cref="Brotli"/>, the uncompressed length (4 bytes, little
/// endian) and the Brotli stream. Both always read, so rows of either form can sit side by side.
/// <see cref="Open"/> turns either back into the JSON text, for tools and tests that read rows.
/// </para>
/// </summary>
public sealed class CompressedStateSerializer(IGrainStorageSerializer json) : IGrainStorageSerializer
{
    /// <summary>The first byte of a compressed payload; JSON never starts with it.</summary>
    public const byte Brotli = 0x01;

    /// <summary>Smaller JSON is stored as it is: compressing it saves too little to be worth unreadable rows.</summary>
    public const int Threshold = 1024;

    // Quality 4 with a 64 KiB window: about 36 µs for a 2.4 kB state. Quality 1 takes a third of that
    // but leaves 13 % more bytes, and every byte is WAL, replication and heap page on each write: in the
    // benchmark's attempts scenario quality 4 took WAL per counted attempt from about 1,540 B to 1,400 B
    // for about 2 % more CPU per attempt.
    private const int Quality = 4;
    private const int Window = 16;

    // A state is at most a few kB; anything claiming more than this is not one of ours.
    private const int MaxLength = 16 * 1024 * 1024;

    public BinaryData Serialize<T>(T? input)
    {
        var plain = json.Serialize(input);
        if (plain.Length < Threshold) return plain;

        var source = plain.ToMemory().Span;
        var packed = new byte[5 + BrotliEncoder.GetMaxCompressedLength(source.Length)];
        packed[0] = Brotli;
        BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(1), source.Length);
        if (!BrotliEncoder.TryCompress(source, packed.AsSpan(5), out var written, Quality, Window))
            return plain;
        return written + 5 < source.Length ? new BinaryData(packed.AsMemory(0, written + 5)) : plain;
    }

    public T? Deserialize<T>(BinaryData input) => json.Deserialize<T>(new BinaryData(Open(input.ToMemory())));

    /// <summary>The JSON of a stored payload, compressed or not.</summary>
    public static ReadOnlyMemory<byte> Open(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (span.IsEmpty || span[0] != Brotli) return payload;
        if (span.Length < 5) throw new InvalidDataException("A compressed grain state payload is truncated.");
        var length = BinaryPrimitives.ReadInt32LittleEndian(span[1..]);
        if (length is <= 0 or > MaxLength) throw new InvalidDataException("A compressed grain state payload has an invalid length.");
        var plain = new byte[length];
        if (!BrotliDecoder.TryDecompress(span[5..], plain, out var written) || written != length)
            throw new InvalidDataException("A compressed grain state payload does not decompress to its recorded length.");
        return plain;
    }
}
