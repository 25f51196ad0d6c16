package io.lodestone.tracker;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeException;
import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP tracker requests and answers as bytes and text, no I/O: announce URLs (BEP 3, asking for
 * BEP 23 compact answers), scrape URLs (BEP 48), and the bencoded answers, with BEP 7
 * {@code peers6}. Parsing throws only {@link TrackerException}.
 */
public final class HttpTrackerCodec {

    /** Longest tracker URL accepted; browsers and servers stop near 8 KiB too. */
    public static final int MAX_URL_LENGTH = 8 * 1024;
    /** Info-hashes in one HTTP scrape: each adds ~70 characters to a URL servers cap near 8 KiB. */
    public static final int MAX_SCRAPE_HASHES = 64;
    /** Torrents kept from one scrape answer; a tracker may answer more than was asked. */
    public static final int MAX_SCRAPE_FILES = 10_000;
    /** Longest {@code tracker id} kept; it is sent back in every later announce URL. */
    public static final int MAX_TRACKER_ID_BYTES = 256;

    private final TrackerBencode bencode;
    private final int maxPeers;

    public HttpTrackerCodec(TrackerConfig config) {
        this.bencode = new TrackerBencode(config.maxResponseBytes(), config.lenientBencode());
        this.maxPeers = config.maxPeers();
    }

    // ------------------------------------------------------------------ URLs

    /**
     * The announce URL: the tracker's own query string kept (private trackers put a passkey
     * there), then our parameters, {@code info_hash} and {@code peer_id} percent-encoded byte by
     * byte; any fragment is dropped, as it never reaches the server.
     */
    public static URI announceUri(String announceUrl, AnnounceRequest r) {
        StringBuilder b = base(announceUrl);
        b.append("info_hash=");
        TrackerText.percentEncode(r.infoHash().bytes(), b);
        b.append("&peer_id=");
        TrackerText.percentEncode(r.peerId(), b);
        b.append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=1&no_peer_id=1");
        if (r.event() != AnnounceRequest.Event.NONE) {
            b.append("&event=").append(r.event().http());
        }
        if (r.numWant() != AnnounceRequest.DEFAULT_NUM_WANT) {
            b.append("&numwant=").append(r.numWant());
        }
        if (r.key() != null) {
            // eight hex digits, as libtorrent sends it
            b.append("&key=").append(String.format(Locale.ROOT, "%08X", r.key()));
        }
        return toUri(b);
    }

    /** BEP 48: the scrape URL for an announce URL, with one {@code info_hash} per torrent. */
    public static URI scrapeUri(String announceUrl, List<InfoHash> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("scrape 1.." + MAX_SCRAPE_HASHES + " torrents, not " + infoHashes.size());
        }
        StringBuilder b = base(scrapeUrl(announceUrl));
        for (int i = 0; i < infoHashes.size(); i++) {
            b.append(i == 0 ? "info_hash=" : "&info_hash=");
            TrackerText.percentEncode(infoHashes.get(i).truncated().bytes(), b);
        }
        return toUri(b);
    }

    /**
     * BEP 48: the path's last segment must start with {@code announce}, which becomes
     * {@code scrape}; otherwise the tracker does not support scraping.
     */
    public static String scrapeUrl(String announceUrl) {
        URI u = checkUrl(announceUrl);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.startsWith("announce", slash + 1)) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "no scrape URL for a path not ending in"
                    + " /announce*: " + quote(announceUrl));
        }
        // the authority holds no '/', so the path starts at the first '/' after "//"
        String text = withoutFragment(announceUrl);
        int at = text.indexOf('/', text.indexOf("//") + 2) + slash + 1;
        return text.substring(0, at) + "scrape" + text.substring(at + "announce".length());
    }

    /** An absolute http or https URL with a host, or a {@link TrackerException} (BAD_URL). */
    public static URI checkUrl(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "tracker URL empty or longer than "
                    + MAX_URL_LENGTH);
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "not a URL: " + quote(url));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "not an http(s) URL: " + quote(url));
        }
        if (u.getHost() == null || u.isOpaque()) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "no host in " + quote(url));
        }
        return u;
    }

    private static StringBuilder base(String url) {
        checkUrl(url);
        String text = withoutFragment(url);
        StringBuilder b = new StringBuilder(text.length() + 256).append(text);
        if (text.indexOf('?') < 0) {
            b.append('?');
        } else if (!text.endsWith("?") && !text.endsWith("&")) {
            b.append('&');
        }
        return b;
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static URI toUri(StringBuilder b) {
        try {
            return new URI(b.toString());
        } catch (URISyntaxException e) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "bad tracker URL: " + e.getReason());
        }
    }

    static String quote(String s) {
        return "'" + TrackerText.oneLine(s, 80) + "'";
    }

    // ------------------------------------------------------------------ answers

    /** An announce answer, or a {@link TrackerException}: REFUSED for a {@code failure reason}, else MALFORMED. */
    public AnnounceResponse parseAnnounce(byte[] body) {
        BDict d = topDict(body);
        try {
            int interval = nonNegativeInt(d, "interval", true);
            Integer minInterval = d.containsKey("min interval") ? nonNegativeInt(d, "min interval", true) : null;
            List<InetSocketAddress> peers = new ArrayList<>();
            BValue v4 = d.get("peers");
            if (v4 instanceof BString s) {
                byte[] bytes = s.bytes();
                PeerLists.addCompact(bytes, 0, bytes.length, CompactPeer.IPV4_ADDRESS, "peers", peers, maxPeers);
            } else if (v4 instanceof BList list) {
                PeerLists.addDicts(list, peers, maxPeers);
            } else if (v4 != null) {
                throw malformed("'peers' is neither a string nor a list");
            }
            BString v6 = d.getString("peers6");
            if (v6 != null) {
                byte[] bytes = v6.bytes();
                PeerLists.addCompact(bytes, 0, bytes.length, CompactPeer.IPV6_ADDRESS, "peers6", peers, maxPeers);
            }
            BString warning = d.getString("warning message");
            BString trackerId = d.getString("tracker id");
            if (trackerId != null && (trackerId.length() == 0 || trackerId.length() > MAX_TRACKER_ID_BYTES)) {
                throw malformed("'tracker id' of " + trackerId.length() + " bytes");
            }
            return new AnnounceResponse(interval, minInterval, peers, count(d, "complete"), count(d, "incomplete"),
                    warning == null ? null : text(warning),
                    trackerId == null ? null : new String(trackerId.bytes(), StandardCharsets.ISO_8859_1));
        } catch (BencodeException e) {
            throw malformed(e.getMessage());
        }
    }

    /** A scrape answer: counts per torrent, in the tracker's order. */
    public Map<InfoHash, ScrapeStats> parseScrape(byte[] body) {
        BDict d = topDict(body);
        try {
            BDict files = d.getDict("files");
            if (files == null) {
                throw malformed("scrape answer without 'files'");
            }
            Map<InfoHash, ScrapeStats> out = new LinkedHashMap<>();
            for (Map.Entry<BString, BValue> e : files.entries().entrySet()) {
                if (out.size() >= MAX_SCRAPE_FILES) {
                    break;
                }
                if (e.getKey().length() != InfoHash.V1_LENGTH || !(e.getValue() instanceof BDict stats)) {
                    throw malformed("a 'files' entry is not a 20-byte info-hash and a dictionary");
                }
                out.put(InfoHash.v1(e.getKey().bytes()), new ScrapeStats(nonNegativeInt(stats, "complete", false),
                        nonNegativeInt(stats, "downloaded", false), nonNegativeInt(stats, "incomplete", false)));
            }
            return out;
        } catch (BencodeException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The top-level dict; a {@code failure reason} in it becomes a REFUSED exception. */
    private BDict topDict(byte[] body) {
        if (!(bencode.decode(body) instanceof BDict d)) {
            throw malformed("response is not a dictionary");
        }
        BValue failure = d.get("failure reason");
        if (failure != null) {
            String reason = failure instanceof BString s ? text(s) : "(not a string)";
            throw new TrackerException(TrackerException.Kind.REFUSED, "failure reason: " + reason);
        }
        return d;
    }

    /**
     * Throws the REFUSED exception when {@code body} is a bencoded {@code failure reason}, and
     * returns otherwise: trackers often explain an HTTP error status that way.
     */
    void rejectFailure(byte[] body) {
        try {
            topDict(body);
        } catch (TrackerException e) {
            if (e.kind() == TrackerException.Kind.REFUSED) {
                throw e;
            }
        }
    }

    /** An int 0..Integer.MAX_VALUE; when missing, an error if required, else 0. */
    private static int nonNegativeInt(BDict d, String key, boolean required) {
        BInt v = d.getInt(key);
        if (v == null) {
            if (required) {
                throw malformed("missing '" + key + "'");
            }
            return 0;
        }
        if (v.value() < 0 || v.value() > Integer.MAX_VALUE) {
            throw malformed("'" + key + "' out of range: " + v.value());
        }
        return (int) v.value();
    }

    /** Swarm counts are informational: a missing or impossible one is left out, not an error. */
    private static Integer count(BDict d, String key) {
        return d.get(key) instanceof BInt v && v.value() >= 0 && v.value() <= Integer.MAX_VALUE
                ? (int) v.value() : null;
    }

    private static String text(BString s) {
        byte[] b = s.bytes();
        return TrackerText.fromTracker(b, 0, b.length);
    }

    private static TrackerException malformed(String reason) {
        return new TrackerException(TrackerException.Kind.MALFORMED, reason);
    }
}
