package io.lodestone.ops.serve;

import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.dht.node.DhtMetrics;
import io.lodestone.dht.node.DhtNode;
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

    /** The whole farm as one node: counters summed, latency histograms merged. */
    public static MetricsSnapshot combined(DhtFarm farm) {
        List<CompletableFuture<DhtMetrics>> calls = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            calls.add(n.call(DhtNode::metrics));
        }
        return DhtMetrics.combined(collect(calls));
    }

    public static List<NodeSnapshot> read(DhtFarm farm) {
        List<CompletableFuture<NodeSnapshot>> calls = new ArrayList<>();
        for (FarmNode n : farm.nodes()) {
            calls.add(n.call(dht -> new NodeSnapshot(n.index(), dht.id().hex(),
                    n.address().getAddress().getHostAddress() + ":" + n.address().getPort(),
                    dht.metrics().snapshot())));
        }
        return collect(calls);
    }

    private static <T> List<T> collect(List<CompletableFuture<T>> calls) {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        for (CompletableFuture<T> c : calls) {
            try {
                out.add(c.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // a node that does not answer in time is left out of this reading
            }
        }
        return out;
    }
}
