package io.lodestone.client.session;

import io.lodestone.dht.lookup.Announce;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds peers on the DHT and announces our listen port there (BEP 5), under each key of the
 * torrent (v1, and the truncated v2 hash of a hybrid, as BEP 52 clients do). An announce is a
 * get_peers lookup first, so every round also brings peers. Rounds come often while the swarm is
 * new to us, then at libtorrent's pace.
 */
final class DhtAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtAnnouncer.class);
    /** Rounds at the short interval before the long one applies. */
    static final int EAGER_ROUNDS = 6;
    static final Duration EAGER_INTERVAL = Duration.ofSeconds(15);
    /** libtorrent dht_announce_interval 15 min; shorter, since a download is short. */
    static final Duration INTERVAL = Duration.ofMinutes(5);
    /** A round that has not ended in this time is left to finish on its own. */
    static final Duration ROUND_LIMIT = Duration.ofSeconds(30);
    /** Longest wait for the node's first bootstrap. */
    static final Duration BOOTSTRAP_WAIT = Duration.ofSeconds(15);

    private final FarmNode node;
    private final List<InfoHash> keys;
    private final int port;
    private final BooleanSupplier seeding;
    private final Consumer<InetSocketAddress> onPeer;
    private volatile boolean closed;
    private Thread thread;

    DhtAnnouncer(FarmNode node, List<InfoHash> keys, int port, BooleanSupplier seeding,
                 Consumer<InetSocketAddress> onPeer) {
        this.node = node;
        this.keys = List.copyOf(keys);
        this.port = port;
        this.seeding = seeding;
        this.onPeer = onPeer;
    }

    void start() {
        thread = Thread.ofVirtual().name("dht-announce").start(this::run);
    }

    private void run() {
        try {
            awaitBootstrap();
            for (int round = 0; !closed; round++) {
                for (InfoHash key : keys) {
                    CompletableFuture<Announce.Result> r = node.lookup((n, ctx) ->
                            new Announce(ctx, key, port, false, seeding.getAsBoolean(), p -> {
                                if (!closed) {
                                    onPeer.accept(p);
                                }
                            }).start());
                    try {
                        Announce.Result result = r.get(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                        LOG.debug("DHT announce of {}: {} peers, accepted by {}", key, result.lookup().peers().size(),
                                result.accepted());
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        LOG.debug("DHT announce of {} did not finish: {}", key, e.toString());
                    }
                }
                Duration wait = round < EAGER_ROUNDS ? EAGER_INTERVAL : INTERVAL;
                Thread.sleep(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitBootstrap() throws InterruptedException {
        // an empty table reaches no one; past the wait (or once the node closed) it tries with what there is
        node.awaitJoined(1, BOOTSTRAP_WAIT);
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
