package io.lodestone.dht.routing;

import java.time.Duration;

/**
 * How a {@link RoutingTable} admits, keeps and evicts nodes. Immutable; start from
 * {@link #defaults()} and change single settings with the {@code with...} methods.
 *
 * @param bucketSize k, the live entries per bucket
 * @param extendedBuckets the four buckets farthest from us hold 16, 8, 4 and 2 times k
 * @param replacementCacheSize responders kept per bucket to replace live entries that go bad
 * @param questionableAfter silence after which a good node becomes questionable (BEP 5)
 * @param badAfterFailures consecutive unanswered queries that make a node bad (BEP 5)
 * @param maxFailures consecutive failures after which a bad node is dropped even with no replacement
 * @param restrictIps one entry per IP address (live and replacements together)
 * @param restrictSubnets also at most one entry per IPv4 /24 or IPv6 /64 within a bucket
 * @param enforceNodeIds refuse nodes whose ids fail BEP 42 for their address
 * @param preferVerifiedIds in a full bucket, a BEP 42-valid newcomer displaces an invalid questionable entry
 * @param admitUnverified nodes heard of (queries, find_node answers) enter non-full buckets before they answer
 * @param maxCandidates nodes heard of and waiting to be pinged
 * @param refreshAfter a bucket with no activity for this long gets a refresh lookup (BEP 5)
 * @param pingGrace a node handed out by {@link RoutingTable#nodesToPing} is not handed out again
 *     for this long unless its answer or timeout arrives first
 */
public record RoutingConfig(
        int bucketSize,
        boolean extendedBuckets,
        int replacementCacheSize,
        Duration questionableAfter,
        int badAfterFailures,
        int maxFailures,
        boolean restrictIps,
        boolean restrictSubnets,
        boolean enforceNodeIds,
        boolean preferVerifiedIds,
        boolean admitUnverified,
        int maxCandidates,
        Duration refreshAfter,
        Duration pingGrace) {

    /** Far more than any bucket needs; keeps a mistyped setting from costing unbounded memory. */
    public static final int MAX_BUCKET_SIZE = 64;
    public static final int MAX_REPLACEMENT_CACHE_SIZE = 64;
    public static final int MAX_CANDIDATES = 65_536;

    /** libtorrent's routing_table::bucket_limit with dht_extended_routing_table: 16, 8, 4, 2 times k. */
    private static final int[] EXTENDED_FACTORS = {16, 8, 4, 2};

    public RoutingConfig {
        requireRange("bucketSize", bucketSize, 1, MAX_BUCKET_SIZE);
        requireRange("replacementCacheSize", replacementCacheSize, 0, MAX_REPLACEMENT_CACHE_SIZE);
        requireRange("badAfterFailures", badAfterFailures, 1, Integer.MAX_VALUE);
        requireRange("maxFailures", maxFailures, badAfterFailures, Integer.MAX_VALUE);
        requireRange("maxCandidates", maxCandidates, 0, MAX_CANDIDATES);
        requirePositive("questionableAfter", questionableAfter);
        requirePositive("refreshAfter", refreshAfter);
        requirePositive("pingGrace", pingGrace);
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(
                8, // libtorrent's node builds its routing_table with a bucket size of 8 (BEP 5 k = 8)
                false, // libtorrent dht_extended_routing_table is true; off here: a farm holds one table per node
                8, // libtorrent keeps as many replacements per bucket as live entries
                Duration.ofMinutes(15), // BEP 5: questionable after 15 minutes of silence
                2, // BEP 5 "multiple queries in a row" (libtorrent: 1 if a replacement waits); a lost datagram is ok
                20, // libtorrent dht_max_fail_count
                true, // libtorrent dht_restrict_routing_ips (exact IP here; the /24 rule is restrictSubnets)
                false, // libtorrent applies its per-bucket /24 (/64) rule under dht_restrict_routing_ips
                false, // libtorrent dht_enforce_node_id
                true, // libtorrent dht_prefer_verified_node_ids
                false, // libtorrent: live entries have all answered (older releases took heard-of ones too)
                256, // bounds the ping backlog; a table needs far fewer to fill
                Duration.ofMinutes(15), // BEP 5: refresh buckets unchanged for 15 minutes
                Duration.ofSeconds(30)); // longer than any KRPC timeout, so a lost report only delays a retry
    }

    public RoutingConfig withBucketSize(int k) {
        return new RoutingConfig(k, extendedBuckets, replacementCacheSize, questionableAfter, badAfterFailures,
                maxFailures, restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds, admitUnverified,
                maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withReplacementCacheSize(int size) {
        return new RoutingConfig(bucketSize, extendedBuckets, size, questionableAfter, badAfterFailures,
                maxFailures, restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds, admitUnverified,
                maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withExtendedBuckets(boolean on) {
        return new RoutingConfig(bucketSize, on, replacementCacheSize, questionableAfter, badAfterFailures,
                maxFailures, restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds, admitUnverified,
                maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withRestrictIps(boolean on) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, on, restrictSubnets, enforceNodeIds, preferVerifiedIds,
                admitUnverified, maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withRestrictSubnets(boolean on) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, restrictIps, on, enforceNodeIds, preferVerifiedIds,
                admitUnverified, maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withEnforceNodeIds(boolean on) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, restrictIps, restrictSubnets, on, preferVerifiedIds,
                admitUnverified, maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withPreferVerifiedIds(boolean on) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, restrictIps, restrictSubnets, enforceNodeIds, on,
                admitUnverified, maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withAdmitUnverified(boolean on) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds,
                on, maxCandidates, refreshAfter, pingGrace);
    }

    public RoutingConfig withMaxCandidates(int max) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter,
                badAfterFailures, maxFailures, restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds,
                admitUnverified, max, refreshAfter, pingGrace);
    }

    public RoutingConfig withBadAfterFailures(int failures) {
        return new RoutingConfig(bucketSize, extendedBuckets, replacementCacheSize, questionableAfter, failures,
                Math.max(failures, maxFailures), restrictIps, restrictSubnets, enforceNodeIds, preferVerifiedIds,
                admitUnverified, maxCandidates, refreshAfter, pingGrace);
    }

    /** Live entries bucket {@code index} may hold: k, or libtorrent's larger far buckets. */
    public int capacity(int index) {
        if (extendedBuckets && index < EXTENDED_FACTORS.length) {
            return bucketSize * EXTENDED_FACTORS[index];
        }
        return bucketSize;
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
