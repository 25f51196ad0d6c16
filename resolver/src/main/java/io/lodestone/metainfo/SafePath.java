package io.lodestone.metainfo;

import io.lodestone.bencode.Utf8;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Path components that are safe to create under a download directory. Anything that could name
 * another place (separators, "..", drive letters), hide itself (control and bidi characters) or
 * not be text is rejected: rewriting it, as libtorrent does, could silently turn one file into
 * another.
 */
public final class SafePath {
    private SafePath() {
    }

    /** Unicode marks, embeddings, overrides and isolates that reorder text: they disguise names ("gpj.exe"). */
    private static final int[] BIDI_CONTROLS = {
        0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    };

    static boolean isBidiControl(int cp) {
        for (int b : BIDI_CONTROLS) {
            if (b == cp) {
                return true;
            }
        }
        return false;
    }

    /** Decodes and checks one component given as raw bytes; {@code where} names the key it came from. */
    static String component(byte[] raw, String where) {
        if (raw.length > MetainfoLimits.MAX_COMPONENT_BYTES) {
            throw new MetainfoException(where + ": path element " + Fields.quote(raw) + " is longer than "
                    + MetainfoLimits.MAX_COMPONENT_BYTES + " bytes");
        }
        String s = Utf8.decodeStrict(raw);
        if (s == null) {
            throw new MetainfoException(where + ": path element " + Fields.quote(raw) + " is not valid UTF-8");
        }
        check(s, where);
        return s;
    }

    /** Checks one decoded component; {@code where} names the key it came from. */
    static void check(String s, String where) {
        String problem = problem(s);
        if (problem != null) {
            throw new MetainfoException(where + ": path element " + Fields.quote(s) + " " + problem);
        }
    }

    /** Why a component is unsafe, or null when it is fine. Public so storage re-checks paths it is handed. */
    public static String problem(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.equals(".") || s.equals("..")) {
            return "is a relative directory reference";
        }
        if (s.length() >= 2 && s.charAt(1) == ':' && isAsciiLetter(s.charAt(0))) {
            // "C:x" is drive-relative on Windows: resolving it under a directory leaves that directory
            return "starts with a drive letter";
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' || cp == '\\') {
                return "contains a path separator";
            }
            if (Character.isISOControl(cp)) { // NUL, newlines, escapes, C1 controls
                return "contains a control character";
            }
            if (isBidiControl(cp)) {
                return "contains a bidirectional control character";
            }
        }
        return null;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Finds two files with the same path, or a file whose path is a directory of another ('a' and
     * 'a/b'): on disk one would overwrite or block the other. Case-sensitive. Memory is one node
     * per distinct path prefix, never a copy of each prefix.
     */
    public static final class Collisions {
        private final Node root = new Node();

        private static final class Node {
            Map<String, Node> children;
            boolean file;
        }

        /** Adds a file path; a {@link MetainfoException} when it collides with one added before. */
        public void add(List<String> path) {
            Node n = root;
            for (int i = 0; i < path.size(); i++) {
                if (n.file) {
                    throw new MetainfoException("file " + Fields.quote(String.join("/", path.subList(0, i)))
                            + " is also a directory of " + Fields.quote(String.join("/", path)));
                }
                if (n.children == null) {
                    n.children = new HashMap<>();
                }
                n = n.children.computeIfAbsent(path.get(i), k -> new Node());
            }
            if (n.file) {
                throw new MetainfoException("two files have the path " + Fields.quote(String.join("/", path)));
            }
            if (n.children != null) {
                throw new MetainfoException("file " + Fields.quote(String.join("/", path))
                        + " is also a directory of other files");
            }
            n.file = true;
        }
    }
}
