package io.lodestone.magnet;

/**
 * A magnet URI (or bare info-hash) that cannot be used. The message is one line, prefixed with
 * {@code "magnet: "}, and quotes at most a short, escaped piece of the input, so it is safe to show
 * a user or write to a log.
 */
public final class MagnetException extends RuntimeException {

    /** Longest piece of user input quoted in a message. */
    static final int MAX_QUOTED_CHARS = 64;

    public MagnetException(String reason) {
        super("magnet: " + reason);
    }

    /** The input in single quotes, abbreviated, with control and odd characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
