package io.lodestone.tracker;

import java.nio.charset.StandardCharsets;

/** Text helpers shared by the codecs: byte-wise percent-encoding and one-line, bounded messages. */
final class TrackerText {

    /** Longest reason kept in an exception message; trackers have sent whole HTML pages. */
    static final int MAX_REASON_CHARS = 300;
    /** Longest {@code failure reason}, {@code warning message} or UDP error text kept from a tracker. */
    static final int MAX_TRACKER_TEXT_CHARS = 200;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TrackerText() {
    }

    /**
     * RFC 3986 percent-encoding of every byte except the unreserved characters, which is what
     * BEP 3 asks for {@code info_hash} and {@code peer_id} and what every tracker decodes.
     */
    static void percentEncode(byte[] bytes, StringBuilder out) {
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    static String percentEncode(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length * 3);
        percentEncode(bytes, b);
        return b.toString();
    }

    /** Tracker bytes as text: UTF-8 (malformed sequences become U+FFFD), made one bounded line. */
    static String fromTracker(byte[] bytes, int offset, int length) {
        int n = Math.min(length, MAX_TRACKER_TEXT_CHARS * 4);
        return oneLine(new String(bytes, offset, n, StandardCharsets.UTF_8), MAX_TRACKER_TEXT_CHARS);
    }

    /** Control and other invisible characters become '?', and text past {@code max} is cut with "...". */
    static String oneLine(String s, int max) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 3));
        int i = 0;
        while (i < s.length() && b.length() < max) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean visible = cp >= 0x20 && cp != 0x7f && Character.getType(cp) != Character.CONTROL
                    && Character.getType(cp) != Character.LINE_SEPARATOR
                    && Character.getType(cp) != Character.PARAGRAPH_SEPARATOR
                    && Character.getType(cp) != Character.SURROGATE
                    && Character.getType(cp) != Character.FORMAT;
            if (visible) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        }
        if (i < s.length()) {
            b.append("...");
        }
        return b.toString();
    }
}
