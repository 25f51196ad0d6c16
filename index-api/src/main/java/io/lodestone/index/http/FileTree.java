package io.lodestone.index.http;

import io.lodestone.metainfo.TorrentSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A torrent's files nested by directory, in torrent order (a directory sits where its first file
 * is). Paths are split on '/', as the contract joins them; names are shown, never used as paths.
 */
final class FileTree {

    sealed interface Entry permits Dir, File {
        String name();

        long size();
    }

    /** A file: its last path component and size. */
    record File(String name, long size) implements Entry {
    }

    /** A directory, with totals over everything under it. */
    static final class Dir implements Entry {
        private final String name;
        private final Map<String, Dir> dirs = new HashMap<>();
        private final List<Entry> entries = new ArrayList<>();
        private long size;
        private int fileCount;

        private Dir(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            return size;
        }

        int fileCount() {
            return fileCount;
        }

        /** Subdirectories and files, interleaved in torrent order. */
        List<Entry> entries() {
            return Collections.unmodifiableList(entries);
        }

        private Dir child(String n) {
            return dirs.computeIfAbsent(n, k -> {
                Dir d = new Dir(k);
                entries.add(d);
                return d;
            });
        }

        private void add(long bytes) {
            size += bytes;
            fileCount++;
        }
    }

    private FileTree() {
    }

    /** The tree under an unnamed root; a multi-file torrent's root holds one directory, its name. */
    static Dir of(List<TorrentSummary.FileEntry> files) {
        Dir root = new Dir("");
        for (TorrentSummary.FileEntry f : files) {
            String[] parts = f.path().split("/", -1);
            Dir d = root;
            d.add(f.size());
            for (int i = 0; i < parts.length - 1; i++) {
                d = d.child(parts[i]);
                d.add(f.size());
            }
            d.entries.add(new File(parts[parts.length - 1], f.size()));
        }
        return root;
    }
}
