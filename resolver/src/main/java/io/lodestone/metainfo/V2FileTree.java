package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The BEP 52 {@code file tree}: nested dicts keyed by path component, a file being a dict whose
 * only key is the empty string. Files come out depth-first in key order, the order bencode
 * already sorts them in, which is the order of the v2 piece space.
 */
final class V2FileTree {
    private V2FileTree() {
    }

    /** A file as the tree describes it. */
    record V2File(List<String> path, long size, byte[] piecesRoot) {
    }

    /**
     * @param v1HasFileList whether the info dict also has a v1 {@code files} list: libtorrent then
     *                      treats even a lone top-level file as multi-file, under the torrent name
     */
    static List<V2File> parse(BDict info, String name, boolean v1HasFileList) {
        BDict tree = Fields.required(info, "file tree", BDict.class, "info");
        if (tree.size() == 0) {
            throw new MetainfoException("info.file tree is empty");
        }
        List<V2File> out = new ArrayList<>();
        BValue first = tree.entries().values().iterator().next();
        if (!v1HasFileList && tree.size() == 1 && first instanceof BDict only && only.size() == 1 && only.containsKey("")) {
            // {key: {"": {...}}}: a single-file torrent, the file is its own path (libtorrent)
            walk(tree, List.of(), 0, out);
        } else {
            walk(tree, List.of(name), 1, out);
        }
        if (out.isEmpty()) {
            throw new MetainfoException("info.file tree holds no files");
        }
        return out;
    }

    /** Where a path is, for messages: its tree keys, without the torrent name ({@code skip} = 1). */
    private static String label(List<String> path, int skip) {
        return path.size() <= skip ? "info.file tree"
                : "info.file tree[" + Fields.quote(String.join("/", path.subList(skip, path.size()))) + "]";
    }

    private static void walk(BDict dir, List<String> parent, int skip, List<V2File> out) {
        String where = label(parent, skip);
        if (parent.size() + 1 > MetainfoLimits.MAX_PATH_DEPTH) {
            throw new MetainfoException(where + " nests deeper than the limit of " + MetainfoLimits.MAX_PATH_DEPTH
                    + " path elements");
        }
        for (Map.Entry<BString, BValue> e : dir.entries().entrySet()) {
            String component = SafePath.component(e.getKey().bytes(), where);
            List<String> path = new ArrayList<>(parent.size() + 1);
            path.addAll(parent);
            path.add(component);
            String at = label(path, skip);
            if (!(e.getValue() instanceof BDict child)) {
                throw new MetainfoException(at + " must be a dictionary");
            }
            if (isFile(child, at)) {
                if (out.size() >= MetainfoLimits.MAX_FILES) {
                    throw new MetainfoException("info.file tree has more files than the limit of "
                            + MetainfoLimits.MAX_FILES);
                }
                out.add(file(Fields.required(child, "", BDict.class, at), List.copyOf(path), at));
            } else {
                walk(child, path, skip, out);
            }
        }
    }

    /** A file node has the empty key and nothing else; a directory has no empty key. */
    private static boolean isFile(BValue node, String where) {
        if (!(node instanceof BDict d) || !d.containsKey("")) {
            return false;
        }
        if (d.size() != 1) {
            throw new MetainfoException(where + " is both a file and a directory");
        }
        return true;
    }

    private static V2File file(BDict f, List<String> path, String where) {
        long size = Fields.size(f, "length", where);
        if (Fields.hasAttr(f, 'p', where)) {
            // v2 aligns files itself; a pad file in the tree is malformed (libtorrent rejects it too)
            throw new MetainfoException(where + " is a pad file, which a v2 file tree must not have");
        }
        byte[] root = null;
        BString r = Fields.optional(f, "pieces root", BString.class, where);
        if (size > 0) {
            if (r == null) {
                throw new MetainfoException(where + ".pieces root is missing");
            }
            if (r.length() != MetainfoLimits.V2_HASH_LENGTH) {
                throw new MetainfoException(where + ".pieces root must be 32 bytes, got " + r.length());
            }
            root = r.bytes();
            if (isAllZero(root)) {
                throw new MetainfoException(where + ".pieces root is all zeros");
            }
        }
        // an empty file has no tree; a pieces root there (some creators write one) is ignored
        return new V2File(path, size, root);
    }

    private static boolean isAllZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
