package io.lodestone.magnet;

import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads magnet links. Strict where a wrong reading would hurt (hashes, escapes, URLs, peers) and
 * lenient where it cannot (unknown parameters, unknown {@code xt} namespaces and trackers of
 * schemes we do not speak are skipped). Parameter names may carry an index ({@code tr.1}).
 */
final class MagnetParser {

    private static final String SCHEME = "magnet:?";
    private static final int V1_HEX = 2 * InfoHash.V1_LENGTH;
    private static final int V1_BASE32 = 32;
    private static final int V2_HEX = 2 * InfoHash.V2_LENGTH;
    /** Digits of Long.MAX_VALUE; {@code xl} cannot have more. */
    private static final int MAX_LENGTH_DIGITS = 19;
    /** Unknown {@code xt} namespaces named in the error when no usable one is found. */
    private static final int MAX_NAMESPACES_REPORTED = 3;

    private InfoHash v1;
    private InfoHash v2;
    private String displayName;
    private Long exactLength;
    private final LinkedHashSet<String> trackers = new LinkedHashSet<>();
    private final LinkedHashSet<String> webSeeds = new LinkedHashSet<>();
    private final LinkedHashSet<HostPort> peers = new LinkedHashSet<>();
    private final TreeSet<Integer> selectOnly = new TreeSet<>();
    /** Sum of the sizes of all {@code so} ranges seen; bounds expansion work. */
    private long selectedCount;
    private final Set<String> otherNamespaces = new LinkedHashSet<>();

    private MagnetParser() {
    }

    static MagnetUri parse(String uri) {
        if (uri == null) {
            throw new MagnetException("no link given");
        }
        String s = uri.strip();
        if (s.length() > MagnetUri.MAX_URI_LENGTH) {
            throw new MagnetException("link has " + s.length() + " characters, over the limit of " + MagnetUri.MAX_URI_LENGTH);
        }
        if (!s.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new MagnetException("expected a link starting with 'magnet:?', got " + MagnetException.quote(s));
        }
        int control = MagnetText.firstControl(s);
        if (control >= 0) {
            throw new MagnetException(String.format("link contains control character U+%04X", (int) s.charAt(control)));
        }
        MagnetParser p = new MagnetParser();
        int start = SCHEME.length();
        while (start <= s.length()) {
            int end = s.indexOf('&', start);
            if (end < 0) {
                end = s.length();
            }
            if (end > start) {
                p.parameter(s.substring(start, end));
            }
            start = end + 1;
        }
        return p.build();
    }

    static MagnetUri parseAny(String input) {
        if (input == null) {
            throw new MagnetException("no link or info-hash given");
        }
        String t = input.strip();
        if (t.regionMatches(true, 0, "magnet:", 0, "magnet:".length())) {
            return parse(t);
        }
        try {
            if (t.length() == V1_HEX || t.length() == V2_HEX) {
                return MagnetUri.of(InfoHash.fromHex(t));
            }
            if (t.length() == V1_BASE32) {
                return MagnetUri.of(InfoHash.fromBase32(t));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message that says what is accepted
        }
        throw new MagnetException("expected a magnet link, a v1 info-hash (40 hex or 32 base32 characters)"
                + " or a v2 info-hash (64 hex), got " + MagnetException.quote(t));
    }

    private void parameter(String part) {
        int eq = part.indexOf('=');
        String key = baseKey(MagnetText.decode(eq < 0 ? part : part.substring(0, eq), false, "parameter name"));
        String raw = eq < 0 ? null : part.substring(eq + 1);
        switch (key) {
            case "xt" -> topic(MagnetText.decode(required(key, raw), false, key));
            case "dn" -> {
                // an empty dn= is common and harmless: it names nothing
                String dn = MagnetText.decode(raw == null ? "" : raw, true, key);
                if (displayName == null && !dn.isEmpty()) {
                    displayName = dn; // the first name wins; later ones add nothing we could use
                }
            }
            case "xl" -> length(MagnetText.decode(required(key, raw), false, key));
            case "tr" -> url(trackers, key, raw, MagnetUri.TRACKER_SCHEMES, MagnetUri.MAX_TRACKERS);
            case "ws" -> url(webSeeds, key, raw, MagnetUri.WEB_SEED_SCHEMES, MagnetUri.MAX_WEB_SEEDS);
            case "x.pe" -> {
                peers.add(MagnetFields.peer(MagnetText.decode(required(key, raw), false, key)));
                if (peers.size() > MagnetUri.MAX_PEERS) {
                    throw new MagnetException("more than " + MagnetUri.MAX_PEERS + " distinct x.pe peers");
                }
            }
            case "so" -> select(MagnetText.decode(required(key, raw), false, key));
            default -> {
                // other parameters (as, xs, kt, mt, x.*) are extensions we do not use
            }
        }
    }

    /** The name without a numeric index suffix, lowercased: {@code tr.1} and {@code TR} are {@code tr}. */
    private static String baseKey(String key) {
        int dot = key.lastIndexOf('.');
        if (dot > 0 && dot < key.length() - 1 && key.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            key = key.substring(0, dot);
        }
        return key.toLowerCase(Locale.ROOT);
    }

    private static String required(String key, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new MagnetException(key + " without a value");
        }
        return raw;
    }

    private void topic(String xt) {
        if (xt.regionMatches(true, 0, MagnetUri.BTIH, 0, MagnetUri.BTIH.length())) {
            InfoHash h = btih(xt.substring(MagnetUri.BTIH.length()));
            if (v1 != null && !v1.equals(h)) {
                throw new MagnetException("two different v1 info-hashes (xt=urn:btih:)");
            }
            v1 = h;
        } else if (xt.regionMatches(true, 0, MagnetUri.BTMH, 0, MagnetUri.BTMH.length())) {
            InfoHash h = btmh(xt.substring(MagnetUri.BTMH.length()));
            if (v2 != null && !v2.equals(h)) {
                throw new MagnetException("two different v2 info-hashes (xt=urn:btmh:)");
            }
            v2 = h;
        } else if (otherNamespaces.size() < MAX_NAMESPACES_REPORTED) {
            // urn:sha1:, urn:ed2k:, urn:btpk: ... fine alongside a BitTorrent hash, useless alone
            int second = xt.indexOf(':', xt.indexOf(':') + 1);
            otherNamespaces.add(MagnetException.quote(second > 0 ? xt.substring(0, second + 1) : xt));
        }
    }

    private static InfoHash btih(String h) {
        try {
            if (h.length() == V1_HEX) {
                return InfoHash.fromHex(h);
            }
            if (h.length() == V1_BASE32) {
                return InfoHash.fromBase32(h);
            }
        } catch (IllegalArgumentException e) {
            throw new MagnetException("xt=urn:btih: needs 40 hex or 32 base32 characters, got "
                    + MagnetException.quote(h));
        }
        String hint = h.length() == V2_HEX ? " (a v2 hash goes in xt=urn:btmh:1220...)" : "";
        throw new MagnetException("xt=urn:btih: needs 40 hex or 32 base32 characters, got " + h.length() + hint);
    }

    private static InfoHash btmh(String h) {
        String prefix = MagnetUri.SHA256_MULTIHASH;
        if (h.length() >= prefix.length() && isHex(h.substring(0, prefix.length()))
                && !h.startsWith(prefix)) {
            throw new MagnetException("xt=urn:btmh: only SHA2-256 multihashes (1220...) are supported, got prefix "
                    + MagnetException.quote(h.substring(0, prefix.length())));
        }
        if (h.length() != prefix.length() + V2_HEX || !isHex(h)) {
            throw new MagnetException("xt=urn:btmh: needs 1220 and 64 hex characters, got "
                    + MagnetException.quote(h));
        }
        return InfoHash.fromHex(h.substring(prefix.length()));
    }

    private void length(String xl) {
        if (xl.length() > MAX_LENGTH_DIGITS || !xl.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MagnetException("xl must be a byte count, got " + MagnetException.quote(xl));
        }
        long n;
        try {
            n = Long.parseLong(xl);
        } catch (NumberFormatException e) {
            throw new MagnetException("xl is too large: " + MagnetException.quote(xl));
        }
        if (exactLength != null && exactLength != n) {
            throw new MagnetException("two different lengths (xl=" + exactLength + " and xl=" + n + ")");
        }
        exactLength = n;
    }

    private static void url(LinkedHashSet<String> into, String key, String raw, Set<String> schemes, int max) {
        String url = MagnetText.decode(required(key, raw), false, key);
        if (MagnetFields.isUsableUrl(url, key, schemes)) {
            into.add(url);
            if (into.size() > max) {
                throw new MagnetException("more than " + max + " distinct " + key + " URLs");
            }
        }
    }

    /** BEP 53: {@code 0,2,4-6}. */
    private void select(String so) {
        for (String item : so.split(",", -1)) {
            int dash = item.indexOf('-');
            int first = index(dash < 0 ? item : item.substring(0, dash), so);
            int last = dash < 0 ? first : index(item.substring(dash + 1), so);
            if (last < first) {
                throw new MagnetException("so range runs backwards: " + MagnetException.quote(item));
            }
            selectedCount += (long) last - first + 1;
            if (selectedCount > MagnetUri.MAX_SELECTED_FILES) {
                throw new MagnetException("so selects more than " + MagnetUri.MAX_SELECTED_FILES + " files");
            }
            for (int i = first; i <= last; i++) {
                selectOnly.add(i);
            }
        }
    }

    private static int index(String digits, String so) {
        if (digits.isEmpty() || digits.length() > String.valueOf(MagnetUri.MAX_FILE_INDEX).length()
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MagnetException("so must be file indices and ranges like 0,2,4-6, got " + MagnetException.quote(so));
        }
        return Integer.parseInt(digits);
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }

    private MagnetUri build() {
        if (v1 == null && v2 == null) {
            throw new MagnetException(otherNamespaces.isEmpty()
                    ? "no xt=urn:btih: or xt=urn:btmh: info-hash"
                    : "no xt=urn:btih: or xt=urn:btmh: info-hash (only " + String.join(", ", otherNamespaces) + ")");
        }
        return new MagnetUri(v1, v2, displayName, new ArrayList<>(trackers), new ArrayList<>(peers),
                new ArrayList<>(webSeeds), new ArrayList<>(selectOnly), exactLength);
    }
}
