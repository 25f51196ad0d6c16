package io.lodestone.index.store;

import io.lodestone.index.SwarmCounts;
import io.lodestone.metainfo.TorrentSummary.FileEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of the side tables: swarm counts, the file list of a torrent known without its info dict
 * (a magnetico import), and the scrape queue's keys. Pure, big-endian, led by a format byte;
 * decoders check every length against what is left.
 */
public final class SideCodec {
    static final byte SWARM_FORMAT = 1;
    static final byte FILES_FORMAT = 1;
    private static final int SWARM_BYTES = 1 + 4 + 4 + 8 + 4 + 4;
    /** A file list without an info dict is shown and searched only: beyond these it is cut. */
    public static final int MAX_BARE_FILES = 10_000;
    public static final int MAX_PATH_BYTES = 4096;

    private SideCodec() {
    }

    public static byte[] encodeSwarm(SwarmCounts s) {
        return ByteBuffer.allocate(SWARM_BYTES).put(SWARM_FORMAT).putInt(s.seeders()).putInt(s.peers())
                .putLong(s.scrapedAt().getEpochSecond()).putInt(s.scrapedAt().getNano()).putInt(s.announcers())
                .array();
    }

    public static SwarmCounts decodeSwarm(byte[] bytes) {
        if (bytes.length != SWARM_BYTES || bytes[0] != SWARM_FORMAT) {
            throw new CorruptRecordException("swarm record has the wrong size or format");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, SWARM_BYTES - 1);
        try {
            int seeders = b.getInt();
            int peers = b.getInt();
            Instant at = Instant.ofEpochSecond(b.getLong(), b.getInt());
            return new SwarmCounts(seeders, peers, at, b.getInt());
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CorruptRecordException("swarm record does not decode: " + e.getMessage());
        }
    }

    /** Files shown for a torrent without its info dict; more than {@link #MAX_BARE_FILES} are cut. */
    public static byte[] encodeFiles(List<FileEntry> files) {
        List<FileEntry> kept = files.size() > MAX_BARE_FILES ? files.subList(0, MAX_BARE_FILES) : files;
        List<byte[]> paths = new ArrayList<>(kept.size());
        int total = 1 + 4;
        for (FileEntry f : kept) {
            byte[] p = f.path().getBytes(StandardCharsets.UTF_8);
            if (p.length > MAX_PATH_BYTES) {
                throw new IllegalArgumentException("a file path longer than " + MAX_PATH_BYTES + " bytes");
            }
            if (f.size() < 0) {
                throw new IllegalArgumentException("a negative file size");
            }
            paths.add(p);
            total += 8 + 2 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).put(FILES_FORMAT).putInt(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            b.putLong(kept.get(i).size()).putShort((short) paths.get(i).length).put(paths.get(i));
        }
        return b.array();
    }

    public static List<FileEntry> decodeFiles(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.get() != FILES_FORMAT) {
                throw new CorruptRecordException("unknown file list format");
            }
            int n = b.getInt();
            if (n < 0 || n > MAX_BARE_FILES || n > b.remaining() / 10) {
                throw new CorruptRecordException("file list of " + n + " files does not fit");
            }
            List<FileEntry> out = new ArrayList<>(n);
            var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
            for (int i = 0; i < n; i++) {
                long size = b.getLong();
                int len = Short.toUnsignedInt(b.getShort());
                if (size < 0 || len > b.remaining()) {
                    throw new CorruptRecordException("file entry does not fit");
                }
                ByteBuffer path = b.slice(b.position(), len);
                b.position(b.position() + len);
                out.add(new FileEntry(utf8.decode(path).toString(), size));
            }
            if (b.hasRemaining()) {
                throw new CorruptRecordException("bytes after the file list");
            }
            return out;
        } catch (BufferUnderflowException | CharacterCodingException e) {
            throw new CorruptRecordException("file list does not decode: " + e);
        }
    }

    /** A scrape queue key: when last scraped (epoch seconds, 0 for never) then the torrent key, so key order is oldest first. */
    public static byte[] dueKey(Instant scrapedAt, byte[] key) {
        return ByteBuffer.allocate(8 + key.length).putLong(Math.max(0, scrapedAt.getEpochSecond())).put(key).array();
    }

    public static byte[] keyOfDue(byte[] due) {
        if (due.length != 8 + 20 && due.length != 8 + 32) {
            throw new CorruptRecordException("scrape queue key of " + due.length + " bytes");
        }
        byte[] key = new byte[due.length - 8];
        System.arraycopy(due, 8, key, 0, key.length);
        return key;
    }
}
