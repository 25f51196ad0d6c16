package io.lodestone.dht.lookup;

import java.time.Duration;

/**
 * How a {@link SampleSweeper} spends its traffic and memory. Immutable; start from
 * {@link #defaults()}.
 *
 * @param queriesPerSecond sample_infohashes queries per second, on average
 * @param burst queries that may go out at once after a quiet spell (the token bucket's size)
 * @param maxInFlight queries outstanding at once
 * @param maxTrackedNodes nodes remembered (with their next allowed query time and BEP 51 support)
 * @param minRevisit least time between two queries to one node, whatever interval it gave
 * @param failureBackoff wait after an unanswered query before trying the node again, doubled with
 *     each further one in a row, up to {@code maxFailureBackoff}
 * @param maxFailureBackoff the longest wait after unanswered queries: a silent node is most often
 *     away for a while (churn), and one retry costs a single packet
 * @param unsupportedRetry wait before asking again a node that answered without samples
 * @param seeds nodes taken from the routing table when the sweep has no one left to ask
 */
public record SweepConfig(
        double queriesPerSecond,
        int burst,
        int maxInFlight,
        int maxTrackedNodes,
        Duration minRevisit,
        Duration failureBackoff,
        Duration maxFailureBackoff,
        Duration unsupportedRetry,
        int seeds) {

    public static final double MAX_QUERIES_PER_SECOND = 100_000;
    public static final int MAX_IN_FLIGHT = 65_536;
    public static final int MAX_TRACKED_NODES = 10_000_000;

    public SweepConfig {
        if (!(queriesPerSecond > 0 && queriesPerSecond <= MAX_QUERIES_PER_SECOND)) {
            throw new IllegalArgumentException("queriesPerSecond must be in (0, " + MAX_QUERIES_PER_SECOND
                    + "], not " + queriesPerSecond);
        }
        requireRange("burst", burst, 1, MAX_IN_FLIGHT);
        requireRange("maxInFlight", maxInFlight, 1, MAX_IN_FLIGHT);
        requireRange("maxTrackedNodes", maxTrackedNodes, maxInFlight, MAX_TRACKED_NODES);
        requireRange("seeds", seeds, 1, MAX_IN_FLIGHT);
        LookupConfig.requirePositive("minRevisit", minRevisit);
        LookupConfig.requirePositive("failureBackoff", failureBackoff);
        LookupConfig.requirePositive("maxFailureBackoff", maxFailureBackoff);
        if (maxFailureBackoff.compareTo(failureBackoff) < 0) {
            throw new IllegalArgumentException("maxFailureBackoff must be at least failureBackoff");
        }
        LookupConfig.requirePositive("unsupportedRetry", unsupportedRetry);
    }

    public static SweepConfig defaults() {
        return new SweepConfig(
                50, // ours: about 5 KB/s of queries, within libtorrent's dht_upload_rate_limit of 8000 B/s
                10, // ours: a fifth of a second's budget
                32, // ours
                50_000, // ours: about 10 MB; a farm's sweepers together cover far more
                Duration.ofMinutes(1), // ours: BEP 51 allows interval 0, which would invite a hammering
                Duration.ofMinutes(10), // ours: a silent node is likely gone or overloaded
                Duration.ofMinutes(30), // ours: DHT sessions last hours; an away node is back within the hour
                Duration.ofHours(6), // BEP 51's longest interval (libtorrent dht_sample_infohashes_interval)
                8); // libtorrent's bucket size: one bucket's worth
    }

    public SweepConfig withQueriesPerSecond(double qps) {
        return new SweepConfig(qps, burst, maxInFlight, maxTrackedNodes, minRevisit, failureBackoff,
                maxFailureBackoff, unsupportedRetry, seeds);
    }

    public SweepConfig withMaxTrackedNodes(int max) {
        return new SweepConfig(queriesPerSecond, burst, maxInFlight, max, minRevisit, failureBackoff,
                maxFailureBackoff, unsupportedRetry, seeds);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
        }
    }
}
