package io.lodestone.metainfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The files a new torrent is made of, in torrent order.
 *
 * <p>A directory is walked recursively; its regular files, hidden ones and empty ones included,
 * are sorted by path, component by component, comparing the UTF-8 bytes. That is the order of
 * the v2 {@code file tree} (a bencoded dictionary), so v1 and v2 lists agree, and it does not
 * depend on the file system. Symbolic links and special files inside the directory are skipped,
 * never followed: a link could loop or reach outside the tree. The path given itself may be a link.
 *
 * @param name       the torrent name
 * @param singleFile whether the torrent is one file (BEP 3's {@code length} form)
 * @param files      for a single file its one entry, whose path is the name
 */
record CreateFileList(String name, boolean singleFile, List<CreateFileList.Entry> files) {

    /** Most files in one torrent: what our parser accepts. */
    static final int MAX_FILES = 1_000_000;
    /** Most components in a path, the torrent name included: what our parser accepts. */
    static final int MAX_PATH_DEPTH = 64;

    /** A file: its path inside the torrent (without the torrent name), where to read it, its size. */
    record Entry(List<String> path, Path source, long length) {
    }

    /**
     * One stretch of the v1 byte stream: a file, or (hybrid only) a BEP 47 pad file of zeros.
     *
     * @param file null for a pad file
     */
    record Slot(Entry file, long length) {
        boolean isPad() {
            return file == null;
        }
    }

    CreateFileList {
        files = List.copyOf(files);
    }

    static CreateFileList scan(Path root, String nameOverride) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(root, BasicFileAttributes.class);
        Path fileName = root.toAbsolutePath().normalize().getFileName();
        String name = nameOverride != null ? nameOverride : fileName == null ? null : fileName.toString();
        if (name == null) {
            throw new IOException("cannot name a torrent after " + root + "; give a name");
        }
        CreateOptions.checkName(name);
        if (attrs.isRegularFile()) {
            if (attrs.size() == 0) {
                throw new IOException(root + " is empty; a torrent needs at least one byte");
            }
            return new CreateFileList(name, true, List.of(new Entry(List.of(name), root, attrs.size())));
        }
        if (!attrs.isDirectory()) {
            throw new IOException(root + " is neither a regular file nor a directory");
        }
        // walk the real directory: without following links, a linked root would look empty
        List<Entry> files = walk(root.toRealPath());
        if (files.isEmpty()) {
            throw new IOException(root + " holds no regular files; a torrent needs at least one");
        }
        if (files.stream().allMatch(f -> f.length() == 0)) {
            throw new IOException(root + " holds only empty files; a torrent needs at least one byte");
        }
        files.sort(Comparator.comparing(Entry::path, CreateFileList::comparePaths));
        return new CreateFileList(name, false, files);
    }

    private static List<Entry> walk(Path root) throws IOException {
        List<Entry> files = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile()) {
                    if (files.size() == MAX_FILES) {
                        throw new IOException(root + " holds more than " + MAX_FILES + " files");
                    }
                    List<String> path = new ArrayList<>();
                    root.relativize(file).forEach(p -> path.add(p.toString()));
                    if (path.size() + 1 > MAX_PATH_DEPTH) {
                        throw new IOException(file + " lies deeper than " + MAX_PATH_DEPTH + " levels");
                    }
                    files.add(new Entry(List.copyOf(path), file, a.size()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** Component by component, by unsigned UTF-8 bytes: bencode's key order. */
    static int comparePaths(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Arrays.compareUnsigned(a.get(i).getBytes(StandardCharsets.UTF_8), b.get(i).getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    long totalLength() {
        return files.stream().mapToLong(Entry::length).sum();
    }

    /**
     * The v1 byte stream. With {@code padded}, every non-empty file that does not end on a piece
     * boundary is followed by a pad file up to the boundary, as libtorrent 2.0 lays out hybrid
     * torrents: the last file too ("tail padding"), but never in a single-file torrent.
     */
    List<Slot> layout(int pieceLength, boolean padded) {
        boolean pad = padded && files.size() > 1;
        List<Slot> slots = new ArrayList<>(pad ? 2 * files.size() : files.size());
        long offset = 0;
        for (Entry f : files) {
            slots.add(new Slot(f, f.length()));
            offset += f.length();
            long tail = offset % pieceLength;
            if (pad && f.length() > 0 && tail != 0) {
                slots.add(new Slot(null, pieceLength - tail));
                offset += pieceLength - tail;
            }
        }
        return slots;
    }
}
