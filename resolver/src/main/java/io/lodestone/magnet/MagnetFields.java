package io.lodestone.magnet;

import io.lodestone.types.HostPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks of the URL and peer lists a magnet carries. */
final class MagnetFields {

    private static final int MAX_PORT = 65535;

    private MagnetFields() {
    }

    /** The URLs de-duplicated in order; each must be usable, and there may be at most {@code max}. */
    static List<String> urls(List<String> urls, String key, Set<String> schemes, int max) {
        if (urls == null || urls.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<String> kept = new LinkedHashSet<>();
        for (String url : urls) {
            if (url == null) {
                throw new MagnetException(key + " is null");
            }
            if (!isUsableUrl(url, key, schemes)) {
                throw new MagnetException(key + " must be a " + String.join("/", new java.util.TreeSet<>(schemes))
                        + " URL: " + MagnetException.quote(url));
            }
            kept.add(url);
            if (kept.size() > max) {
                throw new MagnetException("more than " + max + " distinct " + key + " URLs");
            }
        }
        return List.copyOf(kept);
    }

    /**
     * Whether {@code url} is an absolute URL with one of {@code schemes}, a host and a valid port.
     * A well-formed URL of another scheme (say a WebTorrent {@code wss://} tracker) is not usable
     * but not an error either: the caller may skip it. Anything that is not a URL at all is.
     */
    static boolean isUsableUrl(String url, String key, Set<String> schemes) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new MagnetException(key + " is not a URL: " + MagnetException.quote(url));
        }
        if (!u.isAbsolute()) {
            throw new MagnetException(key + " is not an absolute URL: " + MagnetException.quote(url));
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            return false;
        }
        if (u.isOpaque() || u.getHost() == null || u.getHost().isEmpty()) {
            throw new MagnetException(key + " URL has no host: " + MagnetException.quote(url));
        }
        if (u.getPort() > MAX_PORT || u.getPort() == 0) {
            throw new MagnetException(key + " URL has a bad port: " + MagnetException.quote(url));
        }
        if (scheme.equals("udp") && u.getPort() < 0) {
            // a UDP tracker (BEP 15) has no default port
            throw new MagnetException(key + " udp URL needs a port: " + MagnetException.quote(url));
        }
        return true;
    }

    /** A peer as {@code x.pe} writes it. */
    static HostPort peer(String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MagnetException("x.pe is not HOST:PORT or [IPV6]:PORT: " + MagnetException.quote(text));
        }
    }

    /** The peers de-duplicated in order; each must read back from its own text unchanged. */
    static List<HostPort> peers(List<HostPort> peers) {
        if (peers == null || peers.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<HostPort> kept = new LinkedHashSet<>();
        for (HostPort p : peers) {
            if (p == null) {
                throw new MagnetException("x.pe is null");
            }
            if (!peer(p.toString()).equals(p)) {
                // e.g. a host with characters HostPort.parse refuses: it could not round-trip
                throw new MagnetException("x.pe is not HOST:PORT or [IPV6]:PORT: " + MagnetException.quote(p.toString()));
            }
            kept.add(p);
            if (kept.size() > MagnetUri.MAX_PEERS) {
                throw new MagnetException("more than " + MagnetUri.MAX_PEERS + " distinct x.pe peers");
            }
        }
        return List.copyOf(kept);
    }
}
