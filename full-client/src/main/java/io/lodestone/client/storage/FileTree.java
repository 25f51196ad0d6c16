package io.lodestone.client.storage;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoLimits;
import io.lodestone.metainfo.SafePath;
import io.lodestone.metainfo.TorrentFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a torrent's file list into files under a download directory. Every path is checked first
 * (resolver's {@link SafePath} rules again, since a Metainfo can be built by hand, then the
 * resolved path must stay inside the directory and must not pass through a symbolic link); only
 * when all of them pass is anything created. Pad files are never created; empty files are.
 */
final class FileTree {
    private FileTree() {
    }

    /** Checks every path and returns the files; creates nothing. */
    static List<StoredFile> plan(Metainfo m, Path root) throws IOException {
        List<StoredFile> out = new ArrayList<>(m.files().size());
        SafePath.Collisions collisions = new SafePath.Collisions();
        long previousEnd = 0;
        for (int i = 0; i < m.files().size(); i++) {
            TorrentFile f = m.files().get(i);
            if (f.offset() < previousEnd) {
                throw new IllegalArgumentException("file " + i + " overlaps the one before it");
            }
            previousEnd = f.offset() + f.size();
            if (f.pad()) {
                out.add(new StoredFile(i, f.path(), null, f.offset(), f.size(), true, null));
                continue;
            }
            Path location = resolve(root, f.path());
            try {
                collisions.add(f.path());
            } catch (MetainfoException e) {
                throw new UnsafePathException(e.getMessage());
            }
            checkNoLinks(root, location);
            out.add(new StoredFile(i, f.path(), location, f.offset(), f.size(), false, f.piecesRoot()));
        }
        return out;
    }

    /** Creates the directories and files (never truncating what is there); pads are skipped. */
    static void create(List<StoredFile> files, Path root, boolean fullLength) throws IOException {
        Files.createDirectories(root);
        for (StoredFile f : files) {
            if (f.pad()) {
                continue;
            }
            Files.createDirectories(f.location().getParent());
            checkNoLinks(root, f.location()); // again: directories made by others meanwhile
            try (FileChannel ch = FileChannel.open(f.location(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                if (fullLength && f.size() > 0 && ch.size() < f.size()) {
                    // one byte at the end: the file gets its length and stays a hole before it
                    ch.write(ByteBuffer.allocate(1), f.size() - 1);
                }
            }
        }
    }

    private static Path resolve(Path root, List<String> components) throws UnsafePathException {
        if (components.isEmpty() || components.size() > MetainfoLimits.MAX_PATH_DEPTH) {
            throw new UnsafePathException("a path has 1.." + MetainfoLimits.MAX_PATH_DEPTH + " components, not "
                    + components.size());
        }
        Path p = root;
        for (String c : components) {
            String problem = SafePath.problem(c);
            if (problem != null) {
                throw new UnsafePathException("path " + quote(components) + ": element '" + printable(c) + "' " + problem);
            }
            p = p.resolve(c);
        }
        Path normal = p.normalize();
        if (!normal.startsWith(root) || normal.equals(root) || normal.getNameCount() != root.getNameCount() + components.size()) {
            throw new UnsafePathException("path " + quote(components) + " does not stay inside " + root);
        }
        return normal;
    }

    /** No existing element between the root and the file may be a symbolic link: it could point anywhere. */
    private static void checkNoLinks(Path root, Path location) throws UnsafePathException {
        Path p = root;
        for (Path name : root.relativize(location)) {
            p = p.resolve(name);
            if (Files.isSymbolicLink(p)) {
                throw new UnsafePathException(p + " is a symbolic link; refusing to write through it");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
    }

    private static String quote(List<String> components) {
        return "'" + printable(String.join("/", components)) + "'";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 120));
        s.codePoints().limit(120).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
