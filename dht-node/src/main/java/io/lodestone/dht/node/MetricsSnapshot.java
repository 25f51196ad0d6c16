package io.lodestone.dht.node;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's (or a farm's) counters at one instant, plain data. Counts are since the node started;
 * latencies are over the same span.
 *
 * @param queriesIn         queries received, by method wire name ({@value DhtMetrics#OTHER_METHOD}: unknown methods)
 * @param queriesOut        queries sent, by method wire name
 * @param responsesIn       answers matched to our queries
 * @param responsesOut      answers we sent
 * @param errorsIn          KRPC errors matched to our queries
 * @param errorsOut         KRPC errors we sent (bad token, unknown method, malformed query)
 * @param timeouts          our queries that got no answer in time
 * @param malformed         datagrams that were not KRPC, and answers that did not fit their query
 * @param unmatched         answers and errors for no query of ours (late, spoofed or stray)
 * @param rateLimitedIn     packets dropped by the inbound limiter
 * @param rateLimitedOut    packets the outbound limiter or the transaction bound refused
 * @param droppedAddress    packets from, or queries to, addresses we do not talk to
 * @param sendFailed        datagrams the transport refused
 * @param announcesStored   valid announce_peer queries stored
 * @param internalErrors    bugs caught at the node's edge (0 unless something is wrong)
 * @param queryRtt          round trip of our answered queries
 * @param lookup            lookups, as the lookup engine reports them
 * @param routingTable4     live IPv4 routing-table entries, as of the last tick
 * @param routingTable6     live IPv6 routing-table entries
 * @param storedInfoHashes  info-hashes in the peer store
 * @param outstandingQueries queries in flight
 */
public record MetricsSnapshot(
        Map<String, Long> queriesIn,
        Map<String, Long> queriesOut,
        long responsesIn,
        long responsesOut,
        long errorsIn,
        long errorsOut,
        long timeouts,
        long malformed,
        long unmatched,
        long rateLimitedIn,
        long rateLimitedOut,
        long droppedAddress,
        long sendFailed,
        long announcesStored,
        long internalErrors,
        Latency queryRtt,
        Latency lookup,
        long routingTable4,
        long routingTable6,
        long storedInfoHashes,
        long outstandingQueries) {

    public MetricsSnapshot {
        queriesIn = Map.copyOf(queriesIn);
        queriesOut = Map.copyOf(queriesOut);
    }

    /** Counts and gauges of {@code parts} added up, with latencies merged elsewhere (percentiles do not add). */
    public static MetricsSnapshot sum(Collection<MetricsSnapshot> parts, Latency queryRtt, Latency lookup) {
        Map<String, Long> in = new TreeMap<>();
        Map<String, Long> out = new TreeMap<>();
        long[] c = new long[17];
        for (MetricsSnapshot p : parts) {
            p.queriesIn.forEach((k, v) -> in.merge(k, v, Long::sum));
            p.queriesOut.forEach((k, v) -> out.merge(k, v, Long::sum));
            long[] v = {p.responsesIn, p.responsesOut, p.errorsIn, p.errorsOut, p.timeouts, p.malformed, p.unmatched,
                p.rateLimitedIn, p.rateLimitedOut, p.droppedAddress, p.sendFailed, p.announcesStored,
                p.internalErrors, p.routingTable4, p.routingTable6, p.storedInfoHashes, p.outstandingQueries};
            for (int i = 0; i < v.length; i++) {
                c[i] += v[i];
            }
        }
        return new MetricsSnapshot(in, out, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11],
                c[12], queryRtt, lookup, c[13], c[14], c[15], c[16]);
    }

    public long totalQueriesIn() {
        return queriesIn.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalQueriesOut() {
        return queriesOut.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * A latency distribution in milliseconds.
     *
     * @param count values recorded
     */
    public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0);
    }
}
