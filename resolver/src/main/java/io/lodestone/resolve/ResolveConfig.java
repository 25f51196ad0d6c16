package io.lodestone.resolve;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@link ResolveService}. Start from {@link #defaults()}.
 *
 * @param maxParallelFetches peers asked at once for one info-hash; the first verified answer wins
 *                           and the rest are cancelled
 * @param maxConnections     metadata fetches open at once over all info-hashes
 * @param maxPeersPerHash    distinct peers remembered (and at most tried) per info-hash
 * @param defaultTimeout     deadline of a resolve when the caller gives none
 * @param allowPrivatePeers  whether loopback and private addresses are tried (a loopback testnet);
 *                           off, they are dropped as public clients do
 * @param fetchStagger       while a fetch for an info-hash is under way, the next one starts only
 *                           this long after it (or at once when it ends): a quick peer is not
 *                           made to compete for CPU and sockets with fetches that could only lose
 * @param letFetchesEnd      when a resolve gives up (deadline, no peers left), fetches still under
 *                           way run to their own end instead of being cut off, so how each peer
 *                           failed is learned (a crawler remembers dead peers); they keep their
 *                           connection slot until then
 */
public record ResolveConfig(int maxParallelFetches, int maxConnections, int maxPeersPerHash,
                            Duration defaultTimeout, boolean allowPrivatePeers, Duration fetchStagger,
                            boolean letFetchesEnd) {

    /** A few at once: most peers a source gives are gone or slow, and one good one is enough. */
    public static final int DEFAULT_MAX_PARALLEL_FETCHES = 4;
    /** Bounds sockets and virtual threads however many resolves run at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    /** Bounds the memory one resolve can be made to use by sources flooding it with peers. */
    public static final int DEFAULT_MAX_PEERS_PER_HASH = 2_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** A timeout longer than this is a mistake, and would keep a resolution alive for ever. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /**
     * Ours, after happy eyeballs (RFC 8305 waits 250 ms between attempts): well above a loopback
     * or LAN fetch (a few ms), below most fetches over the internet, so a slow or dead first peer
     * costs at most this much before the others are asked too.
     */
    public static final Duration DEFAULT_FETCH_STAGGER = Duration.ofMillis(100);
    /** A stagger this long would make parallel fetches pointless. */
    public static final Duration MAX_FETCH_STAGGER = Duration.ofMinutes(1);

    public ResolveConfig(int maxParallelFetches, int maxConnections, int maxPeersPerHash, Duration defaultTimeout,
                         boolean allowPrivatePeers, Duration fetchStagger) {
        this(maxParallelFetches, maxConnections, maxPeersPerHash, defaultTimeout, allowPrivatePeers, fetchStagger,
                false);
    }

    public ResolveConfig {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Objects.requireNonNull(fetchStagger, "fetchStagger");
        if (fetchStagger.isNegative() || fetchStagger.compareTo(MAX_FETCH_STAGGER) > 0) {
            throw new IllegalArgumentException("fetchStagger outside [0, " + MAX_FETCH_STAGGER + "]: " + fetchStagger);
        }
        if (maxParallelFetches < 1) {
            throw new IllegalArgumentException("maxParallelFetches must be positive: " + maxParallelFetches);
        }
        if (maxConnections < maxParallelFetches) {
            throw new IllegalArgumentException("maxConnections below maxParallelFetches: " + maxConnections);
        }
        if (maxPeersPerHash < 1) {
            throw new IllegalArgumentException("maxPeersPerHash must be positive: " + maxPeersPerHash);
        }
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("defaultTimeout outside (0, " + MAX_TIMEOUT + "]: " + defaultTimeout);
        }
    }

    public static ResolveConfig defaults() {
        return new ResolveConfig(DEFAULT_MAX_PARALLEL_FETCHES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PEERS_PER_HASH,
                DEFAULT_TIMEOUT, false, DEFAULT_FETCH_STAGGER);
    }

    public ResolveConfig withAllowPrivatePeers(boolean allow) {
        return new ResolveConfig(maxParallelFetches, maxConnections, maxPeersPerHash, defaultTimeout, allow,
                fetchStagger, letFetchesEnd);
    }

    public ResolveConfig withParallelism(int parallelFetches, int connections) {
        return new ResolveConfig(parallelFetches, connections, maxPeersPerHash, defaultTimeout, allowPrivatePeers,
                fetchStagger, letFetchesEnd);
    }

    /** Zero: every queued peer up to {@code maxParallelFetches} is asked at once. */
    public ResolveConfig withFetchStagger(Duration stagger) {
        return new ResolveConfig(maxParallelFetches, maxConnections, maxPeersPerHash, defaultTimeout,
                allowPrivatePeers, stagger, letFetchesEnd);
    }

    public ResolveConfig withLetFetchesEnd(boolean let) {
        return new ResolveConfig(maxParallelFetches, maxConnections, maxPeersPerHash, defaultTimeout,
                allowPrivatePeers, fetchStagger, let);
    }
}
