package io.lodestone.magnet;

import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A magnet link (BEP 9, BEP 52 {@code urn:btmh:}, BEP 53 {@code so}, {@code x.pe} peers). Every
 * instance is valid and canonical: lists are de-duplicated (first occurrence wins), {@code so} is
 * sorted, and {@link #toUri()} yields a link that {@link #parse} turns back into an equal value.
 *
 * @param infoHashV1  20-byte SHA-1 info-hash ({@code xt=urn:btih:}), or null
 * @param infoHashV2  32-byte SHA-256 info-hash ({@code xt=urn:btmh:1220...}), or null
 * @param displayName {@code dn}, or null
 * @param trackers    {@code tr}: http, https and udp URLs, in the order given
 * @param peers       {@code x.pe}: peers to contact directly
 * @param webSeeds    {@code ws}: http and https URLs (BEP 19)
 * @param selectOnly  {@code so}: file indices, ranges expanded, sorted, distinct
 * @param exactLength {@code xl}: total size in bytes, or null
 */
public record MagnetUri(InfoHash infoHashV1, InfoHash infoHashV2, String displayName,
                        List<String> trackers, List<HostPort> peers, List<String> webSeeds,
                        List<Integer> selectOnly, Long exactLength) {

    /** Longest link accepted; it bounds the work of parsing. The canonical form must fit too. */
    public static final int MAX_URI_LENGTH = 64 * 1024;
    /** Real magnets carry a few dozen trackers at most; more is a list pasted in by mistake. */
    public static final int MAX_TRACKERS = 200;
    public static final int MAX_PEERS = 200;
    public static final int MAX_WEB_SEEDS = 200;
    /** {@code so} ranges expand to a list; this bounds its size ({@code so=0-999999999}). */
    public static final int MAX_SELECTED_FILES = 100_000;
    /** Nine decimal digits, so an index always fits an int. */
    public static final int MAX_FILE_INDEX = 999_999_999;

    static final Set<String> TRACKER_SCHEMES = Set.of("http", "https", "udp");
    static final Set<String> WEB_SEED_SCHEMES = Set.of("http", "https");
    static final String BTIH = "urn:btih:";
    static final String BTMH = "urn:btmh:";
    /** Multihash prefix of a SHA2-256 digest: code 0x12, length 0x20. */
    static final String SHA256_MULTIHASH = "1220";

    public MagnetUri {
        if (infoHashV1 == null && infoHashV2 == null) {
            throw new MagnetException("needs a v1 (urn:btih:) or v2 (urn:btmh:) info-hash");
        }
        if (infoHashV1 != null && infoHashV1.length() != InfoHash.V1_LENGTH) {
            throw new MagnetException("a v1 info-hash has 20 bytes, not " + infoHashV1.length());
        }
        if (infoHashV2 != null && infoHashV2.length() != InfoHash.V2_LENGTH) {
            throw new MagnetException("a v2 info-hash has 32 bytes, not " + infoHashV2.length());
        }
        if (displayName != null && displayName.isEmpty()) {
            displayName = null;
        }
        if (displayName != null) {
            int at = MagnetText.firstControl(displayName);
            if (at >= 0) {
                throw new MagnetException(String.format("dn contains control character U+%04X", (int) displayName.charAt(at)));
            }
        }
        trackers = MagnetFields.urls(trackers, "tr", TRACKER_SCHEMES, MAX_TRACKERS);
        webSeeds = MagnetFields.urls(webSeeds, "ws", WEB_SEED_SCHEMES, MAX_WEB_SEEDS);
        peers = MagnetFields.peers(peers);
        selectOnly = sortedIndices(selectOnly);
        if (exactLength != null && exactLength < 0) {
            throw new MagnetException("xl must not be negative: " + exactLength);
        }
        int length = canonical(infoHashV1, infoHashV2, displayName, trackers, peers, webSeeds, selectOnly, exactLength).length();
        if (length > MAX_URI_LENGTH) {
            throw new MagnetException("canonical form has " + length + " characters, over the limit of " + MAX_URI_LENGTH);
        }
    }

    /** A magnet with only an info-hash: v1 (20 bytes) or v2 (32 bytes). */
    public static MagnetUri of(InfoHash hash) {
        return hash.isV2()
                ? new MagnetUri(null, hash, null, List.of(), List.of(), List.of(), List.of(), null)
                : new MagnetUri(hash, null, null, List.of(), List.of(), List.of(), List.of(), null);
    }

    /** Parses a {@code magnet:?} link. */
    public static MagnetUri parse(String uri) {
        return MagnetParser.parse(uri);
    }

    /**
     * What a user may type where a torrent is wanted: a magnet link, a bare v1 info-hash (40 hex
     * or 32 base32 characters) or a bare v2 info-hash (64 hex, giving a v2-only magnet).
     */
    public static MagnetUri parseAny(String input) {
        return MagnetParser.parseAny(input);
    }

    /** Whether the link names both a v1 and a v2 info-hash (a hybrid torrent). */
    public boolean isHybrid() {
        return infoHashV1 != null && infoHashV2 != null;
    }

    /** The 20 bytes to look up on the DHT: the v1 hash, else the truncated v2 hash (BEP 52). */
    public InfoHash dhtInfoHash() {
        return infoHashV1 != null ? infoHashV1 : infoHashV2.truncated();
    }

    /** The canonical link: fixed parameter order, lowercase hex, everything but unreserved characters escaped. */
    public String toUri() {
        return canonical(infoHashV1, infoHashV2, displayName, trackers, peers, webSeeds, selectOnly, exactLength);
    }

    @Override
    public String toString() {
        return toUri();
    }

    private static String canonical(InfoHash v1, InfoHash v2, String dn, List<String> trackers, List<HostPort> peers,
                                    List<String> webSeeds, List<Integer> selectOnly, Long exactLength) {
        List<String> params = new ArrayList<>();
        if (v1 != null) {
            params.add("xt=" + BTIH + v1.hex());
        }
        if (v2 != null) {
            params.add("xt=" + BTMH + SHA256_MULTIHASH + v2.hex());
        }
        if (dn != null) {
            params.add("dn=" + MagnetText.encode(dn));
        }
        if (exactLength != null) {
            params.add("xl=" + exactLength);
        }
        trackers.forEach(t -> params.add("tr=" + MagnetText.encode(t)));
        webSeeds.forEach(w -> params.add("ws=" + MagnetText.encode(w)));
        peers.forEach(p -> params.add("x.pe=" + MagnetText.encode(p.toString())));
        if (!selectOnly.isEmpty()) {
            params.add("so=" + ranges(selectOnly));
        }
        return "magnet:?" + String.join("&", params);
    }

    private static List<Integer> sortedIndices(List<Integer> indices) {
        if (indices == null || indices.isEmpty()) {
            return List.of();
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer i : indices) {
            if (i == null || i < 0 || i > MAX_FILE_INDEX) {
                throw new MagnetException("so: file index " + i + " is outside 0.." + MAX_FILE_INDEX);
            }
            sorted.add(i);
        }
        if (sorted.size() > MAX_SELECTED_FILES) {
            throw new MagnetException("so selects more than " + MAX_SELECTED_FILES + " files");
        }
        return List.copyOf(sorted);
    }

    /** Sorted distinct indices as {@code 0,2,4-6}: runs of two or more become a range. */
    private static String ranges(List<Integer> sorted) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int start = sorted.get(i);
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(start);
            if (j > i) {
                b.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
