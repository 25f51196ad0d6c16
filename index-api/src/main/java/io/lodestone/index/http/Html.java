package io.lodestone.index.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Text into HTML. Everything a torrent or a request carries is hostile: names can hold markup,
 * quotes, control characters and broken UTF-16, so every such string goes through {@link #esc}.
 */
final class Html {

    private Html() {
    }

    /**
     * Escapes for element content and for quoted attribute values alike. Control characters
     * (but tab and newline) and unpaired surrogates become U+FFFD: they are not valid in HTML.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\t', '\n' -> b.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A query-string value. */
    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The page skeleton: viewport for phones, one stylesheet, optional script, navigation. */
    static String page(String title, String activeNav, String main, String script) {
        StringBuilder b = new StringBuilder(main.length() + 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" · Lodestone</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(WebRoutes.STATIC_PREFIX).append("style.css\">\n");
        if (script != null) {
            b.append("<script src=\"").append(WebRoutes.STATIC_PREFIX).append(esc(script)).append("\" defer></script>\n");
        }
        b.append("</head>\n<body>\n<header class=\"top\"><a class=\"brand\" href=\"/\">Lodestone</a><nav>")
                .append(nav("/", "Search", activeNav))
                .append(nav("/health", "DHT health", activeNav))
                .append(nav(SessionRoutes.PAGE, "Sign in", activeNav))
                .append("</nav></header>\n<main>\n")
                .append(main)
                .append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String nav(String href, String label, String active) {
        return "<a href=\"" + href + "\"" + (href.equals(active) ? " aria-current=\"page\"" : "") + ">" + label + "</a>";
    }

    static String errorPage(int status, String reason) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign-in needed";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 421 -> "Wrong host";
            case 429 -> "Too many requests";
            case 503 -> "Unavailable";
            default -> "Error " + status;
        };
        return page(title, "", "<h1>" + esc(title) + "</h1>\n<p class=\"error\">" + esc(reason) + "</p>\n"
                + "<p><a href=\"/\">Back to search</a></p>\n", null);
    }
}
