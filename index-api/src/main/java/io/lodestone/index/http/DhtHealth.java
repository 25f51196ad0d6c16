package io.lodestone.index.http;

import io.lodestone.dht.node.MetricsSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * The health of the DHT farm at one instant, as {@code GET /api/v1/dht/health} shows it: each
 * node's figures and the farm's in total. Counts are since start. The total is given, not summed
 * here, because latency percentiles do not add up.
 *
 * @param nodes               one entry per farm node, in farm order
 * @param total               the whole farm, crawler and resolver included
 * @param networkSizeEstimate nodes in the DHT, estimated from node-id density; 0 while unknown
 * @param history             the figures over the last hour, for the page's charts
 */
public record DhtHealth(List<Node> nodes, Figures total, long networkSizeEstimate, HealthHistory.Snapshot history,
        java.util.Map<String, Object> crawl, Service service) {

    public DhtHealth {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(history, "history");
        crawl = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(crawl));
        Objects.requireNonNull(service, "service");
    }

    public DhtHealth(List<Node> nodes, Figures total, long networkSizeEstimate, HealthHistory.Snapshot history) {
        this(nodes, total, networkSizeEstimate, history, java.util.Map.of(), Service.OK);
    }

    /** Without an estimate, history or crawl figures, all workers running. */
    public DhtHealth(List<Node> nodes, Figures total) {
        this(nodes, total, 0, HealthHistory.Snapshot.EMPTY);
    }

    /** Figures of a service in the given state, without an estimate, history or crawl figures. */
    public DhtHealth(List<Node> nodes, Figures total, Service service) {
        this(nodes, total, 0, HealthHistory.Snapshot.EMPTY, java.util.Map.of(), service);
    }

    /** With the crawl's figures (names to numbers or nested maps of them), shown as {@code "crawl"}. */
    public DhtHealth withCrawl(java.util.Map<String, Object> figures) {
        return new DhtHealth(nodes, total, networkSizeEstimate, history, figures, service);
    }

    /** With the service's own state (a paused crawler, a dead worker). */
    public DhtHealth withService(Service s) {
        return new DhtHealth(nodes, total, networkSizeEstimate, history, crawl, s);
    }

    /**
     * Whether the service's own work goes on.
     *
     * @param crawlerPaused why the crawler is paused (the disk is full, say), or null while it runs
     * @param deadWorker    which worker thread died and why, or null when all live: {@code /healthz}
     *                      then answers 503
     */
    public record Service(String crawlerPaused, String deadWorker) {
        public static final Service OK = new Service(null, null);
    }

    /** A farm with no nodes yet: what the page shows before the farm starts. */
    public static DhtHealth empty() {
        return new DhtHealth(List.of(), Figures.ZERO);
    }

    /**
     * One node of the farm.
     *
     * @param id      its node id, 40 hex digits
     * @param address where it listens, {@code host:port}
     */
    public record Node(String id, String address, Figures figures) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(figures, "figures");
        }
    }

    /**
     * The design's figures, for one node or for the farm.
     *
     * @param routingTableSize    live routing-table entries (IPv4 and IPv6)
     * @param queriesIn           queries received
     * @param queriesOut          queries sent
     * @param responses           answers received to our queries
     * @param timeouts            our queries that got no answer in time
     * @param errors              KRPC errors received and sent, plus malformed datagrams
     * @param infoHashesHarvested distinct info-hashes learned (announces, get_peers, BEP 51 samples)
     * @param metadataResolved    info-hashes whose metadata was fetched and verified (a node: of
     *                            those it heard first)
     * @param metadataFailed      resolve attempts that failed, each retried later or abandoned
     *                            (a node: at hashes it heard first)
     * @param lookupLatency       time of whole lookups
     */
    public record Figures(long routingTableSize, long queriesIn, long queriesOut, long responses, long timeouts,
                          long errors, long infoHashesHarvested, long metadataResolved, long metadataFailed,
                          Latency lookupLatency) {
        public static final Figures ZERO = new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, Latency.EMPTY);

        public Figures {
            Objects.requireNonNull(lookupLatency, "lookupLatency");
        }

        /**
         * A node's (or the farm's) DHT counters, with the crawler's harvest and resolve counts
         * (which the DHT layer does not know).
         */
        public static Figures of(MetricsSnapshot dht, long harvested, long resolved, long failed) {
            MetricsSnapshot.Latency l = dht.lookup();
            return new Figures(dht.routingTable4() + dht.routingTable6(), dht.totalQueriesIn(), dht.totalQueriesOut(),
                    dht.responsesIn(), dht.timeouts(), dht.errorsIn() + dht.errorsOut() + dht.malformed(),
                    harvested, resolved, failed, new Latency(l.count(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.maxMs()));
        }
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
