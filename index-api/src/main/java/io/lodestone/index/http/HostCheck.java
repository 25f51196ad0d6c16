package io.lodestone.index.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code Host} allow-list and the same-origin test, as pure functions of header text.
 *
 * <p>An IP literal is always allowed: DNS rebinding needs a name the attacker controls, and a
 * browser sends the name it looked up, never the address. Names are allowed when they are
 * localhost or configured; everything else gets 421.
 */
final class HostCheck {

    static final int MAX_HOST_LENGTH = 255;
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private final List<String> names;

    HostCheck(List<String> publicNames) {
        this.names = publicNames.stream().map(HostCheck::canonicalName).toList();
    }

    static boolean isName(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    /** Whether a request with this {@code Host} header may be served (null: an HTTP/1.0 request without one). */
    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return true; // no browser omits it, so no rebinding rides on its absence
        }
        String host = hostOnly(hostHeader);
        if (host == null) {
            return false;
        }
        if (host.startsWith("[") || IPV4.matcher(host).matches()) {
            return true;
        }
        String name = canonicalName(host);
        return name.equals("localhost") || name.endsWith(".localhost") || names.contains(name);
    }

    /** The host part of a {@code Host} value without its port; null when it is malformed. */
    static String hostOnly(String hostHeader) {
        String h = hostHeader.strip();
        if (h.isEmpty() || h.length() > MAX_HOST_LENGTH) {
            return null;
        }
        String host;
        String port = null;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || !IPV6.matcher(h.substring(1, end)).matches() || !h.substring(1, end).contains(":")) {
                return null;
            }
            host = h.substring(0, end + 1);
            String rest = h.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            host = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? null : h.substring(colon + 1);
            if (!IPV4.matcher(host).matches() && !isName(host)) {
                return null;
            }
        }
        if (port != null && !PORT.matcher(port).matches()) {
            return null;
        }
        return host;
    }

    private static String canonicalName(String n) {
        String s = n.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Whether an {@code Origin} names the server the request came to ({@code Host}): scheme aside
     * (a proxy may end TLS), host and port must be equal. {@code "null"} and garbage are foreign.
     */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (origin == null || hostHeader == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        if (scheme <= 0) {
            return false;
        }
        String authority = origin.substring(scheme + 3);
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
            return false;
        }
        String s = origin.substring(0, scheme).toLowerCase(Locale.ROOT);
        String defaultPort = s.equals("https") ? ":443" : s.equals("http") ? ":80" : null;
        if (defaultPort == null) {
            return false;
        }
        return withPort(authority, defaultPort).equalsIgnoreCase(withPort(hostHeader.strip(), defaultPort));
    }

    private static String withPort(String authority, String defaultPort) {
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
        return hasPort ? authority : authority + defaultPort;
    }
}
