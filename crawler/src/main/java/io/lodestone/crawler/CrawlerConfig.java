package io.lodestone.crawler;

import io.lodestone.dht.lookup.SweepConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the crawler spends memory, connections and traffic. Immutable; start from {@link #defaults()}.
 *
 * @param harvestQueueSize    harvest events buffered between the DHT nodes and the crawler thread;
 *                            past it events are dropped and counted
 * @param maxPending          hashes waiting for (or in) resolution kept in memory; past it new
 *                            hashes are dropped and counted
 * @param maxInFlight         resolutions running at once
 * @param resolveTimeout      deadline of one resolution attempt
 * @param backoffBase         wait after the first failed attempt; doubled after each further one
 * @param backoffCap          longest wait between two attempts
 * @param maxAttempts         failed attempts after which a hash is abandoned
 * @param batchMaxItems       a sink write happens once this many items are waiting...
 * @param batchMaxDelay       ...or once the oldest waiting item is this old
 * @param maxUnflushed        items waiting for the sink beyond which the crawler stops taking work
 *                            (the sink is slow or failing: harvest events are dropped, not buffered)
 * @param dedupCapacity       indexed (and, as many again, abandoned) hashes remembered in memory
 *                            before the older half is forgotten and the index is asked again
 * @param maxLivePeersPerHash announced peers kept per pending hash and put first into its magnet
 * @param sweepNodes          farm nodes that run a BEP 51 sweep (0: passive harvest only)
 * @param sweep               how each sweep spends its traffic
 * @param batchMaxBytes       a sink write also happens once the waiting items hold this many bytes
 *                            of info dicts, and the crawler stops taking work at four times it, so
 *                            a batch of large torrents never makes one huge transaction
 * @param startSpread         a new hash waits up to this long before its first attempt, a time its
 *                            own bits pick (evenly spread): in a fleet, what the other crawlers
 *                            fetched meanwhile reaches this one first, so the two keys of a hybrid
 *                            torrent taken by two crawlers are mostly fetched once. Zero: at once
 */
public record CrawlerConfig(
        int harvestQueueSize,
        int maxPending,
        int maxInFlight,
        Duration resolveTimeout,
        Duration backoffBase,
        Duration backoffCap,
        int maxAttempts,
        int batchMaxItems,
        Duration batchMaxDelay,
        int maxUnflushed,
        int dedupCapacity,
        int maxLivePeersPerHash,
        int sweepNodes,
        SweepConfig sweep,
        long batchMaxBytes,
        Duration startSpread) {

    public static final int MAX_QUEUE = 1 << 24;
    public static final int MAX_PENDING = 10_000_000;
    public static final int MAX_IN_FLIGHT = 4_096;
    public static final int MAX_ATTEMPTS = 64;
    public static final int MAX_BATCH_ITEMS = 1 << 20;
    public static final int MAX_DEDUP_CAPACITY = 1 << 28;
    public static final int MAX_LIVE_PEERS = 64;
    public static final int MAX_SWEEP_NODES = 1_024;
    /** One info dict may be up to the resolver's metadata limit; a batch must hold at least one. */
    public static final long MIN_BATCH_BYTES = 1 << 16;
    public static final long MAX_BATCH_BYTES = 1L << 32;
    /** The resolver refuses longer deadlines. */
    public static final Duration MAX_RESOLVE_TIMEOUT = Duration.ofHours(1);
    public static final Duration MAX_START_SPREAD = Duration.ofHours(1);

    public CrawlerConfig {
        range("harvestQueueSize", harvestQueueSize, 1, MAX_QUEUE);
        range("maxPending", maxPending, 1, MAX_PENDING);
        range("maxInFlight", maxInFlight, 1, MAX_IN_FLIGHT);
        positive("resolveTimeout", resolveTimeout);
        if (resolveTimeout.compareTo(MAX_RESOLVE_TIMEOUT) > 0) {
            throw new IllegalArgumentException("resolveTimeout over " + MAX_RESOLVE_TIMEOUT + ": " + resolveTimeout);
        }
        positive("backoffBase", backoffBase);
        positive("backoffCap", backoffCap);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffCap below backoffBase");
        }
        range("maxAttempts", maxAttempts, 1, MAX_ATTEMPTS);
        range("batchMaxItems", batchMaxItems, 1, MAX_BATCH_ITEMS);
        positive("batchMaxDelay", batchMaxDelay);
        range("maxUnflushed", maxUnflushed, batchMaxItems, MAX_QUEUE);
        range("dedupCapacity", dedupCapacity, 2, MAX_DEDUP_CAPACITY);
        range("maxLivePeersPerHash", maxLivePeersPerHash, 1, MAX_LIVE_PEERS);
        range("sweepNodes", sweepNodes, 0, MAX_SWEEP_NODES);
        Objects.requireNonNull(sweep, "sweep");
        if (batchMaxBytes < MIN_BATCH_BYTES || batchMaxBytes > MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("batchMaxBytes must be in " + MIN_BATCH_BYTES + ".." + MAX_BATCH_BYTES);
        }
        Objects.requireNonNull(startSpread, "startSpread");
        if (startSpread.isNegative() || startSpread.compareTo(MAX_START_SPREAD) > 0) {
            throw new IllegalArgumentException("startSpread must be in 0.." + MAX_START_SPREAD + ": " + startSpread);
        }
    }

    public static CrawlerConfig defaults() {
        return new CrawlerConfig(
                65_536, // ours: a few seconds of a busy farm's announces and get_peers
                100_000, // ours: about 30 MB of pending state
                32, // ours: with the resolver's 4 peers per hash, 128 of its 200 connections
                Duration.ofSeconds(60), // ours: the resolver's default deadline
                Duration.ofMinutes(1), // ours: a seeder that was busy is often free a minute later
                Duration.ofHours(1), // ours
                8, // ours: 1+2+4+...+60 min, about 4 hours of trying before giving up
                512, // ours: one LMDB transaction per few hundred items
                Duration.ofSeconds(1), // ours: at most a second of harvest lost to kill -9
                65_536, // ours
                1 << 19, // ours: 8 MB of 64-bit fingerprints for each of the three filters
                8, // libtorrent's metadata peers: a handful of live peers is plenty
                1, // ours: one sweep, so no remote node hears sample_infohashes from us twice per interval
                SweepConfig.defaults(),
                16L << 20, // ours: 16 MiB of info dicts per LMDB transaction
                Duration.ZERO); // one crawler: nobody else's results to wait for
    }

    public CrawlerConfig withQueues(int harvestQueue, int pending) {
        return new CrawlerConfig(harvestQueue, pending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash,
                sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withMaxInFlight(int n) {
        return new CrawlerConfig(harvestQueueSize, maxPending, n, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash,
                sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withResolveTimeout(Duration d) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, d, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash,
                sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withBackoff(Duration base, Duration cap, int attempts) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, base, cap, attempts,
                batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash, sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withBatch(int maxItems, Duration maxDelay, int unflushed) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, maxItems, maxDelay, unflushed, dedupCapacity, maxLivePeersPerHash, sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withDedupCapacity(int n) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, n, maxLivePeersPerHash, sweepNodes, sweep, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withSweep(int nodes, SweepConfig s) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash, nodes, s, batchMaxBytes, startSpread);
    }

    public CrawlerConfig withBatchBytes(long bytes) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash,
                sweepNodes, sweep, bytes, startSpread);
    }

    public CrawlerConfig withStartSpread(Duration d) {
        return new CrawlerConfig(harvestQueueSize, maxPending, maxInFlight, resolveTimeout, backoffBase, backoffCap,
                maxAttempts, batchMaxItems, batchMaxDelay, maxUnflushed, dedupCapacity, maxLivePeersPerHash,
                sweepNodes, sweep, batchMaxBytes, d);
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + v);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
