package io.lodestone.client.storage;

import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoException;
import io.lodestone.metainfo.MetainfoLimits;
import io.lodestone.metainfo.SafePath;
import io.lodestone.metainfo.TorrentFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a torrent's file list into files under a download directory. Every path is checked first
 * (resolver's {@link SafePath} rules again, since a Metainfo can be built by hand, then the
 * resolved path must stay inside the directory and must not pass through a symbolic link); only
 * when all of them pass is anything created. Pad files are never created; empty files are.
 *
 * <p>Beyond the parser's rules, names Windows reserves ({@code CON}, {@code nul.txt}, a trailing
 * dot or space) and paths that differ only in case or Unicode normalization are refused: on a
 * case-insensitive or normalizing file system (Windows, macOS, a mounted share) one file would
 * silently overwrite the other. A missing file is created exclusively (it must not appear between
 * the check and the creation); an existing one, kept for resume, must be a plain file with one
 * link, so writing it never changes a file elsewhere.
 */
final class FileTree {
    private FileTree() {
    }

    /** Checks every path and returns the files; creates nothing. */
    static List<StoredFile> plan(Metainfo m, Path root) throws IOException {
        List<StoredFile> out = new ArrayList<>(m.files().size());
        SafePath.Collisions collisions = new SafePath.Collisions();
        SafePath.Collisions folded = new SafePath.Collisions();
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
            try {
                folded.add(f.path().stream().map(FileTree::fold).toList());
            } catch (MetainfoException e) {
                throw new UnsafePathException("path " + quote(f.path())
                        + " differs from another only in case or Unicode form");
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
            try (FileChannel ch = openForCreate(f.location())) {
                if (fullLength && f.size() > 0 && ch.size() < f.size()) {
                    // one byte at the end: the file gets its length and stays a hole before it
                    ch.write(ByteBuffer.allocate(1), f.size() - 1);
                }
            }
        }
    }

    /** A new file, created exclusively, or an existing plain file with a single link (resume). */
    private static FileChannel openForCreate(Path location) throws IOException {
        if (!Files.exists(location, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return FileChannel.open(location, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                throw new UnsafePathException(location + " appeared while the download's files were being created");
            }
        }
        if (!Files.isRegularFile(location, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafePathException(location + " exists and is not a plain file");
        }
        Object links;
        try {
            links = Files.getAttribute(location, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            links = 1; // no link counts on this file system: nothing to check
        }
        if (links instanceof Integer n && n > 1) {
            throw new UnsafePathException(location + " has " + n + " hard links; writing it would change another file");
        }
        return FileChannel.open(location, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Names Windows gives to devices, whatever the extension: CON, PRN, AUX, NUL, COM0-9, LPT0-9. */
    static String windowsProblem(String component) {
        if (component.endsWith(".") || component.endsWith(" ")) {
            return "ends in a dot or space, which Windows drops";
        }
        int dot = component.indexOf('.');
        String base = (dot < 0 ? component : component.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        boolean device = switch (base) {
            case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" -> true;
            default -> base.length() == 4 && (base.startsWith("COM") || base.startsWith("LPT"))
                    && Character.isDigit(base.charAt(3));
        };
        return device ? "is a device name on Windows" : null;
    }

    /** One component as a case-insensitive, normalizing file system sees it. */
    private static String fold(String component) {
        return Normalizer.normalize(component, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static Path resolve(Path root, List<String> components) throws UnsafePathException {
        if (components.isEmpty() || components.size() > MetainfoLimits.MAX_PATH_DEPTH) {
            throw new UnsafePathException("a path has 1.." + MetainfoLimits.MAX_PATH_DEPTH + " components, not "
                    + components.size());
        }
        Path p = root;
        for (String c : components) {
            String problem = SafePath.problem(c);
            if (problem == null) {
                problem = windowsProblem(c);
            }
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
