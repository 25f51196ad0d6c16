package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.Utf8;

import java.nio.charset.StandardCharsets;

/**
 * Typed access to dictionary keys that names the full key path ("info.files[3].length") in every
 * error, so a user can find what is wrong in the file.
 */
final class Fields {
    private Fields() {
    }

    /** Longest rendering of a user-supplied string inside an error message. */
    private static final int MAX_QUOTED_CHARS = 64;

    static String path(String where, String key) {
        if (key.isEmpty()) {
            return where + "['']"; // the v2 file node key; "where." would read as a typo
        }
        return where.isEmpty() ? key : where + "." + key;
    }

    /** The value under {@code key}, or null when absent; present with another type is an error. */
    static <T extends BValue> T optional(BDict dict, String key, Class<T> type, String where) {
        BValue v = dict.get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new MetainfoException(path(where, key) + " must be " + describe(type) + ", not " + describe(v.getClass()));
        }
        return type.cast(v);
    }

    static <T extends BValue> T required(BDict dict, String key, Class<T> type, String where) {
        T v = optional(dict, key, type, where);
        if (v == null) {
            throw new MetainfoException(path(where, key) + " is missing");
        }
        return v;
    }

    /** A list item of the given type. */
    static <T extends BValue> T item(BList list, int index, Class<T> type, String where) {
        BValue v = list.get(index);
        if (!type.isInstance(v)) {
            throw new MetainfoException(where + "[" + index + "] must be " + describe(type) + ", not "
                    + describe(v.getClass()));
        }
        return type.cast(v);
    }

    /** A required byte count: 0 to {@link MetainfoLimits#MAX_TOTAL_SIZE}. */
    static long size(BDict dict, String key, String where) {
        long v = required(dict, key, BInt.class, where).value();
        if (v < 0) {
            throw new MetainfoException(path(where, key) + " must not be negative, got " + v);
        }
        if (v > MetainfoLimits.MAX_TOTAL_SIZE) {
            throw new MetainfoException(path(where, key) + " of " + v + " bytes exceeds the limit of "
                    + MetainfoLimits.MAX_TOTAL_SIZE);
        }
        return v;
    }

    /** Whether the optional BEP 47 {@code attr} string holds the given flag. */
    static boolean hasAttr(BDict dict, char flag, String where) {
        BString attr = optional(dict, "attr", BString.class, where);
        if (attr == null) {
            return false;
        }
        for (int i = 0; i < attr.length(); i++) {
            if (attr.byteAt(i) == flag) {
                return true;
            }
        }
        return false;
    }

    /** Free text (comments, creator): the .utf-8 variant when it is valid, malformed bytes replaced. */
    static String text(BDict dict, String key, String where) {
        BString utf8 = optional(dict, key + ".utf-8", BString.class, where);
        BString plain = optional(dict, key, BString.class, where);
        if (utf8 != null && (utf8.isValidUtf8() || plain == null)) {
            return utf8.utf8();
        }
        return plain == null ? null : plain.utf8();
    }

    /** A string that must be text, or null when its bytes are not UTF-8. */
    static String strictText(BString s) {
        return Utf8.decodeStrict(s.bytes());
    }

    /** A user-supplied string for an error message: quoted, short, one line, nothing invisible. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (++shown > MAX_QUOTED_CHARS) {
                b.append("...");
                break;
            }
            if (Character.isISOControl(cp) || SafePath.isBidiControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.append('\'').toString();
    }

    /** A message from elsewhere (the bencode decoder quotes keys as they are) made one visible line. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || SafePath.isBidiControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** Bytes that are not UTF-8, for an error message: as much of them as is text, escaped. */
    static String quote(byte[] bytes) {
        return quote(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String describe(Class<?> type) {
        if (type == BString.class) return "a string";
        if (type == BInt.class) return "an integer";
        if (type == BList.class) return "a list";
        if (type == BDict.class) return "a dictionary";
        return "a value";
    }
}
