package io.lodestone.ops.serve;

import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtMetrics;
import io.lodestone.dht.node.MetricsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads every farm node's metrics, on the node's own thread so a re-keyed node is read as it is now. */
public final class FarmSnapshots {

    /** A scrape or page load must not hang on a stuck node: past this, the node is left out. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private FarmSnapshots() {
    }

    /** One node's figures and who it is. */
    public record NodeSnapshot(int index, String id, String address, MetricsSnapshot metrics) {
    }

    /**
     * The farm at one reading: each node, and all of them as one (counters summed, latency
     * histograms merged, which percentiles alone could not be).
     */
    public record Reading(List<NodeSnapshot> nodes, MetricsSnapshot farm) {
        public Reading {
            nodes = List.copyOf(nodes);
        }
    }

    private record Read(NodeSnapshot snapshot, DhtMetrics metrics) {
    }

    public static Reading read(DhtFarm farm) {
        List<CompletableFuture<Read>> calls = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            calls.add(n.call(dht -> new Read(new NodeSnapshot(n.index(), dht.id().hex(),
                    n.address().getAddress().getHostAddress() + ":" + n.address().getPort(),
                    dht.metrics().snapshot()), dht.metrics())));
        }
        List<NodeSnapshot> nodes = new ArrayList<>();
        List<DhtMetrics> metrics = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        for (CompletableFuture<Read> c : calls) {
            try {
                Read r = c.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                nodes.add(r.snapshot());
                metrics.add(r.metrics());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // a node that does not answer in time is left out of this reading
            }
        }
        return new Reading(nodes, DhtMetrics.combined(nodes.stream().map(NodeSnapshot::metrics).toList(), metrics));
    }
}
