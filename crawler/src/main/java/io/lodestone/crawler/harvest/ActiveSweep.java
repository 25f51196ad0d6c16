package io.lodestone.crawler.harvest;

import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.lookup.SampleSweeper;
import io.lodestone.dht.lookup.SweepConfig;
import io.lodestone.dht.net.DhtFarm;
import io.lodestone.dht.net.FarmNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The active harvest: a BEP 51 {@link SampleSweeper} on each of the first {@code nodes} farm
 * nodes, ticked on the node's own loop. The sweeper keeps to every remote node's
 * {@code interval} and remembers which nodes do not sample; the farm's per-IP limit caps the rest.
 * The samples reach the crawler through the farm's listener ({@link Harvester#onSamples}), like
 * every BEP 51 answer the node gets, so the sweeper's own sink only counts.
 *
 * <p>One sweep per farm by default: two sweeps know nothing of each other's visits, so a remote
 * node would hear from both within its interval.
 */
public final class ActiveSweep implements AutoCloseable {

    /** As often as the farm's own timers: the sweeper's token bucket smooths the rate. */
    static final long TICK_MILLIS = DhtFarm.TICK_MILLIS;

    /** Totals over every sweep (and over sweepers replaced after a node changed its id). */
    public record Stats(long queries, long samplers, long nonSamplers, long failures, long infoHashes, int tracked) {
        public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0);

        Stats plus(SampleSweeper.Stats s, boolean withTracked) {
            return new Stats(queries + s.queries(), samplers + s.samplers(), nonSamplers + s.nonSamplers(),
                    failures + s.failures(), infoHashes + s.infoHashes(), tracked + (withTracked ? s.tracked() : 0));
        }
    }

    private final List<NodeSweep> sweeps = new ArrayList<>();

    private ActiveSweep() {
    }

    public static ActiveSweep start(DhtFarm farm, int nodes, SweepConfig config) {
        ActiveSweep a = new ActiveSweep();
        for (int i = 0; i < Math.min(nodes, farm.nodes().size()); i++) {
            NodeSweep s = new NodeSweep(farm.node(i), config);
            s.start();
            a.sweeps.add(s);
        }
        return a;
    }

    public Stats stats() {
        Stats total = Stats.EMPTY;
        for (NodeSweep s : sweeps) {
            Stats one = s.stats;
            total = new Stats(total.queries + one.queries, total.samplers + one.samplers,
                    total.nonSamplers + one.nonSamplers, total.failures + one.failures,
                    total.infoHashes + one.infoHashes, total.tracked + one.tracked);
        }
        return total;
    }

    @Override
    public void close() {
        sweeps.forEach(NodeSweep::stop);
    }

    /** One node's sweep; its state is touched on the node's loop only, its stats published for others. */
    private static final class NodeSweep {
        private final FarmNode node;
        private final SweepConfig config;
        private ScheduledFuture<?> ticker;
        private LookupContext ctx;
        private SampleSweeper sweeper;
        private Stats retired = Stats.EMPTY;
        private volatile Stats stats = Stats.EMPTY;

        NodeSweep(FarmNode node, SweepConfig config) {
            this.node = node;
            this.config = config;
        }

        void start() {
            ticker = node.loop().scheduleAtFixedRate(() -> node.call(n -> {
                tick();
                return null;
            }), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            LookupContext now = node.lookupContext();
            if (now != ctx) {
                // the node took a new id (BEP 42): the old sweeper's queries would go nowhere
                if (sweeper != null) {
                    retired = retired.plus(sweeper.stats(), false);
                }
                ctx = now;
                sweeper = new SampleSweeper(ctx, config, batch -> { });
            }
            sweeper.tick();
            stats = retired.plus(sweeper.stats(), true);
        }

        void stop() {
            if (ticker != null) {
                ticker.cancel(false);
            }
        }
    }
}
