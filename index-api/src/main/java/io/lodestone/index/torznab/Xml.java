package io.lodestone.index.torznab;

/**
 * A small XML writer for the documents Torznab and the feed send. Text and attribute values are
 * escaped, and characters XML 1.0 cannot carry at all (most control characters, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD, so a torrent name holding them cannot break the document.
 */
final class Xml {
    private final StringBuilder b = new StringBuilder(4096);

    Xml() {
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** {@code <name a="v" ...>}; attributes as name, value pairs (a null value leaves it out). */
    Xml open(String name, String... attributes) {
        start(name, attributes);
        b.append(">");
        return this;
    }

    /** {@code <name a="v" .../>}. */
    Xml empty(String name, String... attributes) {
        start(name, attributes);
        b.append("/>");
        return this;
    }

    /** {@code <name>text</name>}. */
    Xml element(String name, String text) {
        b.append('<').append(name).append('>');
        escape(text, false);
        b.append("</").append(name).append('>');
        return this;
    }

    /** Escaped text inside the element last opened. */
    Xml text(String text) {
        escape(text, false);
        return this;
    }

    Xml close(String name) {
        b.append("</").append(name).append('>');
        return this;
    }

    Xml newline() {
        b.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }

    private void start(String name, String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        b.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                b.append(' ').append(attributes[i]).append("=\"");
                escape(attributes[i + 1], true);
                b.append('"');
            }
        }
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                // in an attribute a literal tab or newline would be normalised to a space by the parser
                case '\t', '\n', '\r' -> b.append(attribute ? "&#" + cp + ";" : String.valueOf((char) cp));
                default -> b.appendCodePoint(allowed(cp) ? cp : 0xFFFD);
            }
        }
    }

    /** XML 1.0's Char production; a lone surrogate arrives here as its own code point and fails it. */
    static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
