package io.lodestone.index.access;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A small text file that several processes share (the {@code apikey} command and a running
 * {@code serve}): writers take an inter-process lock on a side file, read, change, and replace
 * the file atomically (write a temporary file, force it, rename), so a reader sees either the old
 * or the new text, never half of one. Readers cheaply notice a replacement by the file's identity.
 */
public final class SharedFile {

    /** Larger files are not ours to read (a key or block list is kilobytes, at most a few MiB). */
    public static final long MAX_BYTES = 16L << 20;

    /** One per shared file in this process (a handful: keys, blocks), never removed. */
    private static final java.util.Map<Path, java.util.concurrent.locks.ReentrantLock> LOCAL_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;

    public SharedFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    public Path path() {
        return file;
    }

    /** The text, or "" when the file does not exist yet. */
    public String read() throws IOException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** What identifies this version of the file: inode (or its equivalent), size and mtime; null if absent. */
    public Object version() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.List.of(String.valueOf(a.fileKey()), a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Reads, changes and atomically replaces the text under the inter-process lock; returns the new text. */
    public String update(UnaryOperator<String> change) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // an OS file lock is held by the process, not the thread: threads of one process queue here first
        java.util.concurrent.locks.ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(
                lockFile.toAbsolutePath().normalize(), k -> new java.util.concurrent.locks.ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            String now = change.apply(read());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(now.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true); // the rename must not publish a file whose bytes are still in flight
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return now;
        } finally {
            local.unlock();
        }
    }

    /**
     * Parses each line that is neither blank nor a {@code #} comment; a line the parser refuses
     * (a hand edit gone wrong) is logged and skipped, so one bad line cannot disable the rest.
     */
    public static <T> java.util.List<T> parseLines(String text, String what, java.util.function.Function<String, T> parser) {
        java.util.List<T> out = new java.util.ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(parser.apply(line));
            } catch (RuntimeException e) {
                LOG.warn("{} line {} ignored: {}", what, lineNo, e.getMessage());
            }
        }
        return out;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedFile.class);
}
