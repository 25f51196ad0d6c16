package io.lodestone.types;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A host and port as a user or a magnet writes it: {@code host:port}, {@code 1.2.3.4:port} or
 * {@code [v6]:port}. Parsing never touches DNS; {@link #toSocketAddress()} resolves literals only
 * and leaves names unresolved for the caller to decide.
 */
public record HostPort(String host, int port) {

    /** RFC 1035 limits, counted without a trailing dot. */
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    public static HostPort parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("expected HOST:PORT, got an empty string");
        }
        String t = s.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected [IPV6]:PORT, got '" + s + "'");
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
            if (!isIpv6Literal(host)) {
                throw new IllegalArgumentException("not an IPv6 address: '" + host + "'");
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw new IllegalArgumentException("expected HOST:PORT, got '" + s + "'");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (!isIpv4Literal(host) && !isHostName(host)) {
                throw new IllegalArgumentException("not a host name or IPv4 address: '" + host + "'");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad port in '" + s + "'");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    public static HostPort of(InetSocketAddress a) {
        return new HostPort(a.getHostString(), a.getPort());
    }

    /** A socket address; IP literals are resolved without DNS, names stay unresolved. */
    public InetSocketAddress toSocketAddress() {
        if (isIpv6Literal(host) || isIpv4Literal(host)) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("literal did not parse: " + host, e);
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    public boolean isLiteral() {
        return isIpv4Literal(host) || isIpv6Literal(host);
    }

    static boolean isIpv4Literal(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6Literal(String h) {
        if (h.isEmpty() || h.length() > 45 || h.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        try {
            // only hex, ':' and '.' reach here, so this parses a literal and never does DNS
            return InetAddress.getByName(h) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * RFC 1123 names: labels of 1..63 letters, digits and inner hyphens, one optional trailing dot.
     * The last label may not be all digits (RFC 3696), so a malformed IPv4 literal such as
     * {@code 1.2.3.256} is an error here instead of a name handed to DNS later.
     */
    private static boolean isHostName(String h) {
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isLabel(String l) {
        if (l.isEmpty() || l.length() > MAX_LABEL_LENGTH || l.startsWith("-") || l.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
