package io.lodestone.tracker;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the tracker clients can be tuned by, with the defaults below.
 *
 * @param httpConnectTimeout      TCP (and TLS) connect limit for one HTTP hop
 * @param httpTimeout             limit for one HTTP hop from request to the last body byte
 * @param maxRedirects            redirects followed per HTTP request; the next one is an error
 * @param maxResponseBytes        largest HTTP body read; more is an error, read no further
 * @param maxPeers                peers kept from one response; the rest are dropped
 * @param userAgent               HTTP {@code User-Agent}
 * @param lenientBencode          accept HTTP responses whose dict keys are unsorted or that end in
 *                                whitespace (hand-written tracker encoders); everything else stays strict
 * @param udpBaseTimeout          BEP 15's 15 s: attempt n waits {@code udpBaseTimeout * 2^n}
 * @param udpAttempts             sends of one UDP request before giving up
 * @param udpConnectionIdLifetime how long a BEP 15 connection id is reused
 * @param backoffBase             wait after a tracker's first outage; doubles per further outage
 * @param backoffMax              longest wait between tries of a tracker that keeps failing
 * @param maxBackoffEntries       trackers whose failures are remembered; the oldest are forgotten
 * @param allowPrivate            contact trackers on loopback, private and link-local addresses (a
 *                                loopback testnet); off, such hosts are refused, redirects included
 * @param maxTrackersPerTorrent   trackers of one magnet or torrent that are used; the rest are ignored
 * @param maxConcurrentRequests   tracker requests in flight at once over every torrent; more wait
 */
public record TrackerConfig(Duration httpConnectTimeout, Duration httpTimeout, int maxRedirects, int maxResponseBytes,
                            int maxPeers, String userAgent, boolean lenientBencode, Duration udpBaseTimeout,
                            int udpAttempts, Duration udpConnectionIdLifetime, Duration backoffBase,
                            Duration backoffMax, int maxBackoffEntries, boolean allowPrivate,
                            int maxTrackersPerTorrent, int maxConcurrentRequests) {

    public static final Duration DEFAULT_HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(30);
    /** libtorrent follows 5 redirects too. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    /** Compact answers are a few KiB; 1 MiB leaves room for dict-form peer lists and scrapes. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
    /** Trackers cap numwant at 200 or so; this bounds a tracker that ignores it. */
    public static final int DEFAULT_MAX_PEERS = 2_000;
    public static final String DEFAULT_USER_AGENT = "Lodestone/0.1";
    public static final Duration DEFAULT_UDP_BASE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * BEP 15 allows 9 sends (about two hours) for a client with nothing else to try; with a tier
     * list behind it, moving on after 15 s + 30 s finds peers sooner.
     */
    public static final int DEFAULT_UDP_ATTEMPTS = 2;
    /** BEP 15: a connection id may be used for one minute after it was received. */
    public static final Duration DEFAULT_UDP_CONNECTION_ID_LIFETIME = Duration.ofMinutes(1);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofHours(1);
    public static final int DEFAULT_MAX_BACKOFF_ENTRIES = 10_000;
    /** Real torrents list a dozen or two; a magnet with hundreds is an amplification attempt. */
    public static final int DEFAULT_MAX_TRACKERS_PER_TORRENT = 32;
    /** libtorrent has no global cap (tracker_maximum_response_length aside); this bounds threads and sockets. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    public static final int MAX_CONCURRENT_REQUESTS_LIMIT = 4_096;

    /** Upper bounds on the settings themselves, so a typo cannot mean "forever". */
    public static final int MAX_REDIRECTS_LIMIT = 20;
    public static final int MAX_UDP_ATTEMPTS = 9;
    public static final int MAX_RESPONSE_BYTES_LIMIT = 64 << 20;

    public TrackerConfig {
        Objects.requireNonNull(userAgent, "userAgent");
        positive(httpConnectTimeout, "httpConnectTimeout");
        positive(httpTimeout, "httpTimeout");
        positive(udpBaseTimeout, "udpBaseTimeout");
        positive(udpConnectionIdLifetime, "udpConnectionIdLifetime");
        positive(backoffBase, "backoffBase");
        positive(backoffMax, "backoffMax");
        if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS_LIMIT) {
            throw new IllegalArgumentException("maxRedirects must be 0.." + MAX_REDIRECTS_LIMIT);
        }
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxResponseBytes must be 1.." + MAX_RESPONSE_BYTES_LIMIT);
        }
        if (maxPeers < 0 || udpAttempts < 1 || udpAttempts > MAX_UDP_ATTEMPTS || maxBackoffEntries < 1) {
            throw new IllegalArgumentException("maxPeers >= 0, udpAttempts 1.." + MAX_UDP_ATTEMPTS
                    + ", maxBackoffEntries >= 1");
        }
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffMax is shorter than backoffBase");
        }
        if (maxTrackersPerTorrent < 1 || maxConcurrentRequests < 1
                || maxConcurrentRequests > MAX_CONCURRENT_REQUESTS_LIMIT) {
            throw new IllegalArgumentException("maxTrackersPerTorrent >= 1, maxConcurrentRequests 1.."
                    + MAX_CONCURRENT_REQUESTS_LIMIT);
        }
        if (userAgent.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII");
        }
    }

    public static TrackerConfig defaults() {
        return new TrackerConfig(DEFAULT_HTTP_CONNECT_TIMEOUT, DEFAULT_HTTP_TIMEOUT, DEFAULT_MAX_REDIRECTS,
                DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_PEERS, DEFAULT_USER_AGENT, true, DEFAULT_UDP_BASE_TIMEOUT,
                DEFAULT_UDP_ATTEMPTS, DEFAULT_UDP_CONNECTION_ID_LIFETIME, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX,
                DEFAULT_MAX_BACKOFF_ENTRIES, false, DEFAULT_MAX_TRACKERS_PER_TORRENT,
                DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    public TrackerConfig withHttpTimeouts(Duration connect, Duration total) {
        return new TrackerConfig(connect, total, maxRedirects, maxResponseBytes, maxPeers, userAgent, lenientBencode,
                udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, backoffBase, backoffMax, maxBackoffEntries, allowPrivate, maxTrackersPerTorrent,
                maxConcurrentRequests);
    }

    public TrackerConfig withUdp(Duration baseTimeout, int attempts) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, maxRedirects, maxResponseBytes, maxPeers, userAgent,
                lenientBencode, baseTimeout, attempts, udpConnectionIdLifetime, backoffBase, backoffMax,
                maxBackoffEntries, allowPrivate, maxTrackersPerTorrent,
                maxConcurrentRequests);
    }

    public TrackerConfig withLimits(int redirects, int responseBytes, int peers) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, redirects, responseBytes, peers, userAgent,
                lenientBencode, udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, backoffBase, backoffMax,
                maxBackoffEntries, allowPrivate, maxTrackersPerTorrent,
                maxConcurrentRequests);
    }

    public TrackerConfig withLenientBencode(boolean lenient) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, maxRedirects, maxResponseBytes, maxPeers, userAgent,
                lenient, udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, backoffBase, backoffMax,
                maxBackoffEntries, allowPrivate, maxTrackersPerTorrent,
                maxConcurrentRequests);
    }

    public TrackerConfig withBackoff(Duration base, Duration max) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, maxRedirects, maxResponseBytes, maxPeers, userAgent,
                lenientBencode, udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, base, max, maxBackoffEntries, allowPrivate, maxTrackersPerTorrent,
                maxConcurrentRequests);
    }

    public TrackerConfig withAllowPrivate(boolean allow) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, maxRedirects, maxResponseBytes, maxPeers, userAgent,
                lenientBencode, udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, backoffBase, backoffMax,
                maxBackoffEntries, allow, maxTrackersPerTorrent, maxConcurrentRequests);
    }

    public TrackerConfig withCaps(int perTorrent, int concurrent) {
        return new TrackerConfig(httpConnectTimeout, httpTimeout, maxRedirects, maxResponseBytes, maxPeers, userAgent,
                lenientBencode, udpBaseTimeout, udpAttempts, udpConnectionIdLifetime, backoffBase, backoffMax,
                maxBackoffEntries, allowPrivate, perTorrent, concurrent);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
