package io.lodestone.client.session;

import io.lodestone.metainfo.Metainfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downloads a server runs, kept on disk so a restart resumes them: one line per download
 * ({@code id state magnet}) in {@value #FILE}, and each download's metadata, once known, as
 * {@code id.torrent} beside it, so a resumed magnet needs no second metadata search. Every change
 * rewrites the list to a temporary file, forces it to disk and renames it over the old one: a
 * crash leaves the old list or the new one, never half of one. Lines that do not parse are
 * skipped with a warning. Thread-safe.
 */
final class DownloadList {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadList.class);
    static final String FILE = "downloads.list";
    /** More lines than this are not read: the manager never keeps that many. */
    static final int MAX_ENTRIES = 4_096;
    /** A .torrent holding an info dict larger than the resolver accepts is not one of ours. */
    static final long MAX_TORRENT_BYTES = 64L << 20;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    /** One download as remembered: complete ones are kept only for seeding. */
    record Entry(String id, boolean complete, String uri) {
        Entry {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("bad download id " + id);
            }
            if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("a remembered URI must be canonical printable ASCII");
            }
        }
    }

    private final Path dir;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private DownloadList(Path dir) {
        this.dir = dir;
    }

    /** Reads the list in {@code dir} (created if missing). */
    static DownloadList open(Path dir) throws IOException {
        Files.createDirectories(dir);
        DownloadList list = new DownloadList(dir);
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FILE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        for (String line : lines.subList(0, Math.min(lines.size(), MAX_ENTRIES))) {
            String[] f = line.split(" ", 3);
            try {
                if (f.length != 3 || !(f[1].equals("active") || f[1].equals("complete"))) {
                    throw new IllegalArgumentException("expected 'id active|complete uri'");
                }
                Entry e = new Entry(f[0], f[1].equals("complete"), f[2]);
                list.entries.put(e.id(), e);
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping a line of {}: {}", dir.resolve(FILE), e.getMessage());
            }
        }
        return list;
    }

    synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    synchronized void put(Entry e) throws IOException {
        entries.put(e.id(), e);
        save();
    }

    synchronized void remove(String id) throws IOException {
        if (entries.remove(id) != null) {
            save();
        }
        Files.deleteIfExists(torrentFile(id));
    }

    /** Keeps the metadata of download {@code id} as a .torrent (written once, forced to disk). */
    void saveMetadata(String id, Metainfo meta) throws IOException {
        byte[] info = meta.infoBytes();
        byte[] torrent = new byte[info.length + 8];
        System.arraycopy("d4:info".getBytes(StandardCharsets.US_ASCII), 0, torrent, 0, 7);
        System.arraycopy(info, 0, torrent, 7, info.length);
        torrent[torrent.length - 1] = 'e';
        writeAtomically(torrentFile(id), torrent);
    }

    /** The .torrent kept for {@code id}, or null when there is none (or it is implausibly large). */
    byte[] metadata(String id) throws IOException {
        Path p = torrentFile(id);
        if (!Files.isRegularFile(p) || Files.size(p) > MAX_TORRENT_BYTES) {
            return null;
        }
        return Files.readAllBytes(p);
    }

    private Path torrentFile(String id) {
        return dir.resolve(id + ".torrent");
    }

    private void save() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries.values()) {
            b.append(e.id()).append(' ').append(e.complete() ? "complete" : "active").append(' ').append(e.uri())
                    .append('\n');
        }
        writeAtomically(dir.resolve(FILE), b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must survive a crash
        } catch (IOException e) {
            // some file systems cannot open a directory for syncing; the rename is still done
        }
    }
}
