package io.lodestone.dht.bench;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One load run against one DHT node.
 *
 * @param target      the node under load
 * @param source      local address to send from (port 0: any)
 * @param duration    how long answers are measured, after the warm-up
 * @param warmup      load sent but not measured, so both targets start warm
 * @param concurrency queries in flight at once (a closed loop: a new query leaves when one ends)
 * @param timeout     a query without an answer after this long counts as lost
 * @param mix         shares of ping, find_node, get_peers and sample_infohashes
 * @param seed        makes the query stream the same for every target
 */
public record LoadConfig(InetSocketAddress target, InetSocketAddress source, Duration duration, Duration warmup,
                         int concurrency, Duration timeout, QueryMix mix, long seed) {

    public static final int MAX_CONCURRENCY = 1 << 16;

    public LoadConfig {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY);
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    public static LoadConfig against(InetSocketAddress target) {
        return new LoadConfig(target, new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 256, Duration.ofSeconds(1), QueryMix.DEFAULT, 1);
    }

    public LoadConfig withDuration(Duration d, Duration w) {
        return new LoadConfig(target, source, d, w, concurrency, timeout, mix, seed);
    }

    public LoadConfig withConcurrency(int c) {
        return new LoadConfig(target, source, duration, warmup, c, timeout, mix, seed);
    }

    public LoadConfig withTimeout(Duration t) {
        return new LoadConfig(target, source, duration, warmup, concurrency, t, mix, seed);
    }

    public LoadConfig withSource(InetSocketAddress s) {
        return new LoadConfig(target, s, duration, warmup, concurrency, timeout, mix, seed);
    }

    /** Relative weights of the four read-only queries a DHT node answers most. */
    public record QueryMix(int ping, int findNode, int getPeers, int sample) {
        /** Roughly what a public node sees: lookups dominate, pings keep tables fresh. */
        public static final QueryMix DEFAULT = new QueryMix(20, 35, 40, 5);

        public QueryMix {
            if (ping < 0 || findNode < 0 || getPeers < 0 || sample < 0 || ping + findNode + getPeers + sample == 0) {
                throw new IllegalArgumentException("weights must be >= 0 and not all 0");
            }
        }

        int total() {
            return ping + findNode + getPeers + sample;
        }
    }
}
