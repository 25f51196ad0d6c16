package io.lodestone.magnet;

import io.lodestone.bencode.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-decoding and -encoding of magnet parameters (RFC 3986, text as UTF-8). */
final class MagnetText {

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private MagnetText() {
    }

    /**
     * Decodes {@code raw}: {@code %XX} escapes become bytes, other characters their UTF-8 bytes,
     * and the result must be well-formed UTF-8. A {@code %} not followed by two hex digits is an
     * error rather than a literal, so a mangled URI fails loudly instead of yielding a wrong value.
     *
     * @param plusIsSpace whether {@code +} means a space (form encoding, used for {@code dn})
     * @param what        the parameter, named in errors
     */
    static String decode(String raw, boolean plusIsSpace, String what) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            // the common case; raw is a Java string, so only lone surrogates can make it invalid
            checkSurrogates(raw, what);
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !isAsciiHex(raw.charAt(i + 1)) || !isAsciiHex(raw.charAt(i + 2))) {
                    throw new MagnetException(what + " has a bad % escape: "
                            + MagnetException.quote(raw.substring(i, Math.min(raw.length(), i + 3))));
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < raw.length() && Character.isLowSurrogate(raw.charAt(end))) {
                    end++;
                } else if (Character.isSurrogate(c)) {
                    throw new MagnetException(what + " contains a lone UTF-16 surrogate");
                }
                byte[] utf8 = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i = end - 1;
            }
        }
        String text = Utf8.decodeStrict(out.toByteArray());
        if (text == null) {
            throw new MagnetException(what + " is not valid UTF-8 once percent-decoded");
        }
        return text;
    }

    /** Percent-encodes every byte of the UTF-8 form except RFC 3986's unreserved characters. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int v = x & 0xff;
            if (isUnreserved(v)) {
                b.append((char) v);
            } else {
                b.append('%').append(HEX_DIGITS[v >>> 4]).append(HEX_DIGITS[v & 0xf]);
            }
        }
        return b.toString();
    }

    /** The first control character (C0, DEL or C1) in {@code s}, or -1. */
    static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void checkSurrogates(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MagnetException(what + " contains a lone UTF-16 surrogate");
            }
        }
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
