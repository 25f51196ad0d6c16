package io.lodestone.index.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A .torrent file around a stored info dict: {@code d4:info<the exact bytes>e}. The bytes are
 * spliced in, never re-encoded, so the info-hash of the file is the one the index knows.
 */
final class TorrentExport {

    /** Longest file name offered; names can be kilobytes long and browsers cut them anyway. */
    static final int MAX_FILENAME_CHARS = 120;
    private static final String EXTENSION = ".torrent";

    private TorrentExport() {
    }

    static byte[] torrentFile(byte[] infoDict) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(infoDict.length + 8);
        out.writeBytes("d4:info".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(infoDict);
        out.write('e');
        return out.toByteArray();
    }

    /**
     * {@code attachment} with a plain-ASCII {@code filename} (letters, digits, '.', '-', '_' and
     * spaces; anything else becomes '_') and the real name in {@code filename*} (RFC 6266, RFC 5987),
     * so no name can break the header or pick a path.
     */
    static String contentDisposition(String torrentName, String infoHashHex) {
        String base = cut(torrentName == null ? "" : torrentName);
        String ascii = asciiName(base);
        if (ascii.isEmpty() || ascii.chars().allMatch(c -> c == '_' || c == '.' || c == ' ')) {
            ascii = infoHashHex;
        }
        return "attachment; filename=\"" + ascii + EXTENSION + "\"; filename*=UTF-8''"
                + percentEncode((base.isBlank() ? infoHashHex : base) + EXTENSION);
    }

    private static String cut(String name) {
        int[] cps = name.codePoints().limit(MAX_FILENAME_CHARS).toArray();
        return new String(cps, 0, cps.length).strip();
    }

    private static String asciiName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == ' ';
            b.append(plain ? c : '_');
        }
        // a leading dot would make a hidden file
        String s = b.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        return s;
    }

    /** RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"; everything else as %XX of UTF-8. */
    private static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            boolean attr = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attr) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
