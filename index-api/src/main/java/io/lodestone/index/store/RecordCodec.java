package io.lodestone.index.store;

import io.lodestone.crawler.PendingHash;
import io.lodestone.types.InfoHash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Bytes of the store's values, big-endian, each led by a format byte. Pure; decoders check every
 * length they read against what is left and throw {@link CorruptRecordException} on anything off.
 */
public final class RecordCodec {
    static final byte TORRENT_FORMAT = 1;
    static final byte PENDING_FORMAT = 1;
    /** A torrent name is one path component: at most 255 bytes of UTF-8 in a valid torrent. */
    public static final int MAX_NAME_BYTES = 4096;
    private static final int TORRENT_FIXED_BYTES = 1 + 8 + 12 + 12 + 8 + 4 + 8 + 4 + 2;
    private static final int PENDING_BYTES = 1 + 12 + 8 + 4 + 4 + 12;

    private RecordCodec() {
    }

    public static byte[] encodeTorrent(StoredTorrent t) {
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(TORRENT_FIXED_BYTES + name.length);
        b.put(TORRENT_FORMAT).putLong(t.sequence());
        putInstant(b, t.discoveredAt());
        putInstant(b, t.resolvedAt());
        b.putLong(t.seenCount()).putInt(t.sources()).putLong(t.totalSize()).putInt(t.fileCount());
        b.putShort((short) name.length).put(name);
        return b.array();
    }

    public static StoredTorrent decodeTorrent(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != TORRENT_FORMAT) {
                throw new CorruptRecordException("unknown torrent record format");
            }
            long seq = b.getLong();
            Instant discovered = getInstant(b);
            Instant resolved = getInstant(b);
            long seen = b.getLong();
            int sources = b.getInt();
            long size = b.getLong();
            int files = b.getInt();
            int nameLength = Short.toUnsignedInt(b.getShort());
            if (nameLength != b.remaining() || nameLength > MAX_NAME_BYTES) {
                throw new CorruptRecordException("torrent record name length " + nameLength + " does not fit");
            }
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(b).toString();
            return new StoredTorrent(seq, discovered, resolved, seen, sources, size, files, name);
        } catch (BufferUnderflowException | IllegalArgumentException | CharacterCodingException e) {
            throw new CorruptRecordException("torrent record does not decode: " + e);
        }
    }

    public static byte[] encodePending(PendingHash p) {
        ByteBuffer b = ByteBuffer.allocate(PENDING_BYTES);
        b.put(PENDING_FORMAT);
        putInstant(b, p.firstSeen());
        b.putLong(p.seenCount()).putInt(p.sources()).putInt(p.attempts());
        putInstant(b, p.nextAttempt());
        return b.array();
    }

    public static PendingHash decodePending(byte[] key, byte[] bytes) {
        try {
            if (bytes.length != PENDING_BYTES || bytes[0] != PENDING_FORMAT) {
                throw new CorruptRecordException("pending record has the wrong size or format");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, PENDING_BYTES - 1);
            Instant first = getInstant(b);
            long seen = b.getLong();
            int sources = b.getInt();
            int attempts = b.getInt();
            Instant next = getInstant(b);
            return new PendingHash(hashOf(key), first, seen, sources, attempts, next);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("pending record does not decode: " + e.getMessage());
        }
    }

    /** An info-hash from a stored key of 20 or 32 bytes. */
    public static InfoHash hashOf(byte[] key) {
        return switch (key.length) {
            case InfoHash.V1_LENGTH -> InfoHash.v1(key);
            case InfoHash.V2_LENGTH -> InfoHash.v2(key);
            default -> throw new CorruptRecordException("stored key of " + key.length + " bytes");
        };
    }

    public static byte[] sequenceKey(long seq) {
        return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
    }

    public static long sequenceOf(byte[] key) {
        if (key.length != Long.BYTES) {
            throw new CorruptRecordException("sequence key of " + key.length + " bytes");
        }
        return ByteBuffer.wrap(key).getLong();
    }

    private static void putInstant(ByteBuffer b, Instant t) {
        b.putLong(t.getEpochSecond()).putInt(t.getNano());
    }

    private static Instant getInstant(ByteBuffer b) {
        long seconds = b.getLong();
        int nanos = b.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new CorruptRecordException("instant with " + nanos + " nanoseconds");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw new CorruptRecordException("instant out of range");
        }
    }
}
