package io.lodestone.client.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * What downloads may take of the disk: their sizes together stay within {@code maxTotalBytes} (0:
 * no quota), and a new torrent is taken only if, once all its bytes are written, at least
 * {@code minFreeBytes} stay free on the download directory's disk. Decided when the metadata is
 * known, before any file is created; bytes a resumed download already has on disk do not count
 * twice. Thread-safe.
 */
final class DownloadQuota {

    /** Files of one download folder looked at when counting what is already on disk. */
    static final int MAX_FILES_COUNTED = 100_000;

    private final long maxTotalBytes;
    private final long minFreeBytes;
    private final ToLongFunction<Path> usableSpace;
    private final Map<String, Long> sizes = new HashMap<>();

    DownloadQuota(Path directory, long maxTotalBytes, long minFreeBytes) {
        this(maxTotalBytes, minFreeBytes, p -> {
            try {
                FileStore store = Files.getFileStore(directory);
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    DownloadQuota(long maxTotalBytes, long minFreeBytes, ToLongFunction<Path> usableSpace) {
        this.maxTotalBytes = maxTotalBytes;
        this.minFreeBytes = minFreeBytes;
        this.usableSpace = usableSpace;
    }

    /**
     * Takes {@code size} bytes for download {@code id}, whose files go in {@code folder}; null when
     * granted, else the reason it is refused.
     */
    synchronized String admit(String id, long size, Path folder) {
        long others = 0;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            if (!e.getKey().equals(id)) {
                others += e.getValue();
            }
        }
        if (maxTotalBytes > 0 && others + size > maxTotalBytes) {
            return "over the download quota: " + size + " bytes wanted, " + Math.max(0, maxTotalBytes - others)
                    + " of " + maxTotalBytes + " left";
        }
        long usable;
        long onDisk;
        try {
            usable = usableSpace.applyAsLong(folder);
            onDisk = bytesIn(folder);
        } catch (UncheckedIOException e) {
            return "cannot tell the free disk space: " + e.getCause().getMessage();
        }
        long needed = Math.max(0, size - onDisk);
        if (usable - needed < minFreeBytes) {
            return "not enough disk space: " + needed + " bytes needed, " + usable + " free, " + minFreeBytes
                    + " must stay free";
        }
        sizes.put(id, size);
        return null;
    }

    synchronized void release(String id) {
        sizes.remove(id);
    }

    synchronized long reserved() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes of the regular files under {@code folder}, as allocated on disk is not portable: their sizes. */
    static long bytesIn(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.limit(MAX_FILES_COUNTED).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
