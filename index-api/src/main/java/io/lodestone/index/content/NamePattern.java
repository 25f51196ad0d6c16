package io.lodestone.index.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A block pattern: case-insensitive text that matches anywhere in a torrent's name, where
 * {@code *} stands for any run of characters and {@code ?} for one. "word" blocks every name
 * containing "word"; "a*b" every name with an "a" somewhere before a "b". Matched without
 * backtracking (each piece between stars at its first place after the previous one), so a
 * pattern from the network cannot make matching a long name slow.
 */
public final class NamePattern {

    public static final int MAX_LENGTH = 200;
    public static final int MAX_STARS = 8;

    private final String text;
    /** The lower-cased pieces between stars; '?' inside a piece matches any one character. */
    private final List<String> pieces;

    private NamePattern(String text, List<String> pieces) {
        this.text = text;
        this.pieces = pieces;
    }

    public static NamePattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a pattern is at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException("a pattern must not hold control characters");
            }
        }
        String stripped = text.strip();
        if (stripped.replace("*", "").replace("?", "").isBlank()) {
            throw new IllegalArgumentException("a pattern must hold some text besides wildcards");
        }
        List<String> pieces = new ArrayList<>();
        for (String p : stripped.toLowerCase(Locale.ROOT).split("\\*+")) {
            if (!p.isEmpty()) {
                pieces.add(p);
            }
        }
        if (pieces.size() - 1 > MAX_STARS) {
            throw new IllegalArgumentException("a pattern has at most " + MAX_STARS + " '*'");
        }
        return new NamePattern(stripped, List.copyOf(pieces));
    }

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        String s = name.toLowerCase(Locale.ROOT);
        int from = 0;
        for (String piece : pieces) {
            int at = find(s, piece, from);
            if (at < 0) {
                return false;
            }
            from = at + piece.length();
        }
        return true;
    }

    /** First index at or after {@code from} where {@code piece} ('?' = any one char) matches. */
    private static int find(String s, String piece, int from) {
        int last = s.length() - piece.length();
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < piece.length(); j++) {
                char p = piece.charAt(j);
                if (p != '?' && p != s.charAt(i + j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public String text() {
        return text;
    }
}
