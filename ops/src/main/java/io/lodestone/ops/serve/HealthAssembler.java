package io.lodestone.ops.serve;

import io.lodestone.crawler.CrawlerStats;
import io.lodestone.dht.node.MetricsSnapshot;
import io.lodestone.index.http.DhtHealth;
import io.lodestone.types.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The health page's figures from the farm's node snapshots and the crawler's stats. Harvest counts
 * are per receiving node; resolving is the farm's as a whole, so it appears in the total only.
 */
final class HealthAssembler {

    private HealthAssembler() {
    }

    static DhtHealth assemble(List<FarmSnapshots.NodeSnapshot> nodes, HarvestCounter harvest, CrawlerStats crawler,
                              MetricsSnapshot.Latency farmLookups) {
        List<DhtHealth.Node> out = new ArrayList<>(nodes.size());
        for (FarmSnapshots.NodeSnapshot n : nodes) {
            out.add(new DhtHealth.Node(n.id(), n.address(),
                    figures(n.metrics(), harvest.count(NodeId.fromHex(n.id())), 0, 0, n.metrics().lookup())));
        }
        MetricsSnapshot sum = sum(nodes);
        DhtHealth.Figures total = figures(sum, crawler.pipeline().unique(), crawler.pipeline().resolved(),
                crawler.pipeline().failed() + crawler.pipeline().abandoned(), farmLookups);
        return new DhtHealth(out, total);
    }

    private static DhtHealth.Figures figures(MetricsSnapshot m, long harvested, long resolved, long failed,
                                             MetricsSnapshot.Latency lookups) {
        return new DhtHealth.Figures(m.routingTable4() + m.routingTable6(), m.totalQueriesIn(), m.totalQueriesOut(),
                m.responsesIn(), m.timeouts(), m.errorsIn() + m.errorsOut() + m.malformed(), harvested, resolved,
                failed, new DhtHealth.Latency(lookups.count(), lookups.p50Ms(), lookups.p90Ms(), lookups.p99Ms(),
                lookups.maxMs()));
    }

    /** Counters summed over nodes; latencies are not summable, the caller gives the farm's own. */
    private static MetricsSnapshot sum(List<FarmSnapshots.NodeSnapshot> nodes) {
        return new MetricsSnapshot(java.util.Map.of("all", total(nodes, MetricsSnapshot::totalQueriesIn)),
                java.util.Map.of("all", total(nodes, MetricsSnapshot::totalQueriesOut)),
                total(nodes, MetricsSnapshot::responsesIn), total(nodes, MetricsSnapshot::responsesOut),
                total(nodes, MetricsSnapshot::errorsIn), total(nodes, MetricsSnapshot::errorsOut),
                total(nodes, MetricsSnapshot::timeouts), total(nodes, MetricsSnapshot::malformed),
                total(nodes, MetricsSnapshot::unmatched), total(nodes, MetricsSnapshot::rateLimitedIn),
                total(nodes, MetricsSnapshot::rateLimitedOut), total(nodes, MetricsSnapshot::droppedAddress),
                total(nodes, MetricsSnapshot::sendFailed), total(nodes, MetricsSnapshot::announcesStored),
                total(nodes, MetricsSnapshot::internalErrors), MetricsSnapshot.Latency.EMPTY,
                MetricsSnapshot.Latency.EMPTY, total(nodes, MetricsSnapshot::routingTable4),
                total(nodes, MetricsSnapshot::routingTable6), total(nodes, MetricsSnapshot::storedInfoHashes),
                total(nodes, MetricsSnapshot::outstandingQueries));
    }

    private static long total(List<FarmSnapshots.NodeSnapshot> nodes, ToLongFunction<MetricsSnapshot> f) {
        long s = 0;
        for (FarmSnapshots.NodeSnapshot n : nodes) {
            s += f.applyAsLong(n.metrics());
        }
        return s;
    }
}
