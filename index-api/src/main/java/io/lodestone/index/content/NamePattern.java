package io.lodestone.index.content;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A block pattern: case-insensitive text that matches anywhere in a torrent's name, where
 * {@code *} stands for any run of characters and {@code ?} for one. "word" blocks every name
 * containing "word"; "a*b" every name with an "a" somewhere before a "b". No regular
 * expressions: a pattern from the network must not be able to make matching slow.
 */
public final class NamePattern {

    public static final int MAX_LENGTH = 200;
    /** Few wildcards keep the backtracking of a match small on long names. */
    public static final int MAX_STARS = 8;

    private final String text;
    private final Pattern regex;

    private NamePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static NamePattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a pattern is at most " + MAX_LENGTH + " characters");
        }
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int stars = 0;
        boolean lastStar = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("a pattern must not hold control characters");
            }
            if (c == '*' || c == '?') {
                flush(re, literal);
                if (c == '*') {
                    if (!lastStar) {
                        re.append(".*?");
                        stars++;
                    }
                    lastStar = true;
                    continue;
                }
                re.append('.');
            } else {
                literal.append(c);
            }
            lastStar = false;
        }
        flush(re, literal);
        if (stars > MAX_STARS) {
            throw new IllegalArgumentException("a pattern has at most " + MAX_STARS + " '*'");
        }
        String stripped = text.replace("*", "").replace("?", "");
        if (stripped.isBlank()) {
            throw new IllegalArgumentException("a pattern must hold some text besides wildcards");
        }
        return new NamePattern(text.strip(), Pattern.compile(re.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString().toLowerCase(Locale.ROOT)));
            literal.setLength(0);
        }
    }

    public boolean matches(String name) {
        return name != null && regex.matcher(name).find();
    }

    public String text() {
        return text;
    }
}
