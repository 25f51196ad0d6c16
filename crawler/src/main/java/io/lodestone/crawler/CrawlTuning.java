package io.lodestone.crawler;

import io.lodestone.dht.lookup.SweepConfig;
import io.lodestone.resolve.DialConfig;
import io.lodestone.resolve.FetchConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs a crawl {@link CrawlProfile} sets: how many resolutions and connections, how short the
 * deadlines, how dead peers and busy IPs are treated. Budgeted by connections and time, not by
 * hashes: most harvested hashes never resolve, so each attempt must fail fast and cheaply.
 *
 * @param resolveConcurrency  resolutions under way at once
 * @param resolveTimeout      deadline of one resolution attempt
 * @param maxConnections      TCP connections open or opening for metadata at once, in all
 * @param parallelFetches     peers asked at once for one hash
 * @param connectTimeout      TCP connect
 * @param firstBytesTimeout   from connected until the peer's handshakes are in
 * @param peerDeadline        one whole exchange with one peer
 * @param deadPeerTtl         how long a peer that timed out, refused or stayed silent is not dialled again
 * @param deadPeerCapacity    dead peers remembered at most
 * @param perIpDialsPerSecond dials to one IP per second, sustained
 * @param perIpDialBurst      dials to one IP at once before that rate applies
 * @param lookupRounds        DHT lookups per hash at most; a round that finds no new peer ends it
 * @param lookupsAtOnce       DHT lookups of the crawl under way at once: they share every node's
 *                            per-IP packet budget, and too many at once starve each other
 * @param retryAfter          wait after a hash's first failed attempt, doubled after each further one
 * @param sampleRevisit       least time between two BEP 51 queries to one node, however short the
 *                            interval it gives (public nodes give hours; a small DHT may give 0)
 */
public record CrawlTuning(int resolveConcurrency, Duration resolveTimeout, int maxConnections, int parallelFetches,
                          Duration connectTimeout, Duration firstBytesTimeout, Duration peerDeadline,
                          Duration deadPeerTtl, int deadPeerCapacity, double perIpDialsPerSecond, int perIpDialBurst,
                          int lookupRounds, int lookupsAtOnce, Duration retryAfter, Duration sampleRevisit) {

    public static final int MAX_LOOKUP_ROUNDS = 20;
    public static final int MAX_PARALLEL_FETCHES = 32;
    public static final int MAX_LOOKUPS_AT_ONCE = 4_096;

    public CrawlTuning {
        for (Duration d : new Duration[] {resolveTimeout, connectTimeout, firstBytesTimeout, peerDeadline, deadPeerTtl,
                retryAfter, sampleRevisit}) {
            Objects.requireNonNull(d, "duration");
        }
        if (lookupsAtOnce < 1 || lookupsAtOnce > MAX_LOOKUPS_AT_ONCE) {
            throw new IllegalArgumentException("lookupsAtOnce outside 1.." + MAX_LOOKUPS_AT_ONCE + ": " + lookupsAtOnce);
        }
        if (sampleRevisit.isNegative() || sampleRevisit.isZero()) {
            throw new IllegalArgumentException("sampleRevisit must be positive: " + sampleRevisit);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive: " + retryAfter);
        }
        if (parallelFetches < 1 || parallelFetches > MAX_PARALLEL_FETCHES) {
            throw new IllegalArgumentException("parallelFetches outside 1.." + MAX_PARALLEL_FETCHES + ": " + parallelFetches);
        }
        if (lookupRounds < 1 || lookupRounds > MAX_LOOKUP_ROUNDS) {
            throw new IllegalArgumentException("lookupRounds outside 1.." + MAX_LOOKUP_ROUNDS + ": " + lookupRounds);
        }
        if (maxConnections < parallelFetches) {
            throw new IllegalArgumentException("maxConnections below parallelFetches: " + maxConnections);
        }
        dial(maxConnections, deadPeerTtl, deadPeerCapacity, perIpDialsPerSecond, perIpDialBurst); // checks the rest
        FetchConfig.defaults().withTimeouts(connectTimeout, firstBytesTimeout, peerDeadline, peerDeadline);
    }

    /** {@code base} with this least revisit time. */
    public SweepConfig sweepConfig(SweepConfig base) {
        return new SweepConfig(base.queriesPerSecond(), base.burst(), base.maxInFlight(), base.maxTrackedNodes(),
                sampleRevisit, base.failureBackoff(), base.maxFailureBackoff(), base.unsupportedRetry(), base.seeds());
    }

    /** The dial gate these knobs describe. */
    public DialConfig dialConfig() {
        return dial(maxConnections, deadPeerTtl, deadPeerCapacity, perIpDialsPerSecond, perIpDialBurst);
    }

    /**
     * {@code base} with these deadlines; a metadata piece may take the whole exchange at most, and
     * the trickle guard looks after the first bytes' deadline, over windows as long, so a trickler
     * is told apart from a silent peer before the exchange's own deadline ends it.
     */
    public FetchConfig fetchConfig(FetchConfig base) {
        Duration piece = min(base.pieceTimeout(), peerDeadline);
        return base.withTimeouts(connectTimeout, firstBytesTimeout, peerDeadline, piece)
                .withMinRate(base.minBytesPerSecond(), min(base.rateGrace(), firstBytesTimeout),
                        min(base.rateWindow(), firstBytesTimeout));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public CrawlTuning withResolve(int concurrency, Duration timeout) {
        return new CrawlTuning(concurrency, timeout, maxConnections, parallelFetches, connectTimeout,
                firstBytesTimeout, peerDeadline, deadPeerTtl, deadPeerCapacity, perIpDialsPerSecond, perIpDialBurst,
                lookupRounds, lookupsAtOnce, retryAfter, sampleRevisit);
    }

    public CrawlTuning withMaxConnections(int n) {
        return new CrawlTuning(resolveConcurrency, resolveTimeout, n, parallelFetches, connectTimeout,
                firstBytesTimeout, peerDeadline, deadPeerTtl, deadPeerCapacity, perIpDialsPerSecond, perIpDialBurst,
                lookupRounds, lookupsAtOnce, retryAfter, sampleRevisit);
    }

    private static DialConfig dial(int max, Duration ttl, int capacity, double perIp, int burst) {
        return new DialConfig(max, ttl, capacity, perIp, burst);
    }
}
