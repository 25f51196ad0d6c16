package io.lodestone.crawler.pipeline;

import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.PeerSource;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The crawl's DHT source: a hash learned from a BEP 51 sample is held by the node that sampled it,
 * so one get_peers to that node usually gives its peers, where a lookup costs dozens of packets
 * out of a per-IP budget every hash shares. Only when the holders give no peer does the lookup
 * run. Holders are told by the {@link ServiceResolver} just before it starts a resolve.
 */
public final class HolderFirstSource implements PeerSource {

    /** Holder hints kept at most: one per resolution under way, so far more than ever needed. */
    static final int MAX_HINTS = 65_536;
    /** A holder's get_peers is sent this many times at most when it fails. */
    static final int HOLDER_TRIES = 3;
    static final java.time.Duration HOLDER_RETRY_PAUSE = java.time.Duration.ofSeconds(1);

    private final FarmNode node;
    private final PeerSource lookup;
    private final Map<InfoHash, List<InetSocketAddress>> hints = new ConcurrentHashMap<>();
    private final int maxLookups;
    private final java.util.ArrayDeque<Runnable> waiting = new java.util.ArrayDeque<>();
    private int lookups;

    /** @param maxLookups lookups under way at once; more wait their turn (a cancel drops them) */
    public HolderFirstSource(FarmNode node, PeerSource lookup, int maxLookups) {
        if (maxLookups < 1) {
            throw new IllegalArgumentException("maxLookups must be positive: " + maxLookups);
        }
        this.node = Objects.requireNonNull(node, "node");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.maxLookups = maxLookups;
    }

    /** Lookups under way now. */
    public synchronized int lookups() {
        return lookups;
    }

    /** {@code holders} hold {@code hash}, until {@link #forget}. Ignored when full or empty. */
    void hint(InfoHash hash, List<InetSocketAddress> holders) {
        if (!holders.isEmpty() && hints.size() < MAX_HINTS) {
            hints.put(hash, List.copyOf(holders));
        }
    }

    void forget(InfoHash hash) {
        hints.remove(hash);
    }

    @Override
    public CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer) {
        List<InetSocketAddress> holders = hints.getOrDefault(magnet.dhtInfoHash(), List.of());
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (holders.isEmpty()) {
            gatedLookup(magnet, onPeer, done);
            return done;
        }
        AtomicInteger found = new AtomicInteger();
        Consumer<InetSocketAddress> counting = p -> {
            found.incrementAndGet();
            onPeer.accept(p);
        };
        askInTurn(holders, 0, magnet, counting, found, done);
        return done;
    }

    /**
     * Holders one after the other (each one packet), the next only when the last gave no peer:
     * every holder stores the same peers, and packets are what a crawl runs short of.
     */
    private void askInTurn(List<InetSocketAddress> holders, int i, MagnetUri magnet, Consumer<InetSocketAddress> onPeer,
                           AtomicInteger found, CompletableFuture<Void> done) {
        if (done.isDone()) {
            return;
        }
        if (found.get() > 0) {
            done.complete(null);
            return;
        }
        if (i >= holders.size()) {
            gatedLookup(magnet, onPeer, done);
            return;
        }
        ask(holders.get(i), magnet.dhtInfoHash(), done, onPeer, HOLDER_TRIES)
                .whenComplete((v, e) -> askInTurn(holders, i + 1, magnet, onPeer, found, done));
    }

    /**
     * One get_peers to a holder; a query that failed (our own per-IP budget refused it, or it
     * timed out) is tried again after a pause, since a lookup instead would cost far more.
     */
    private CompletableFuture<Void> ask(InetSocketAddress holder, InfoHash key, CompletableFuture<Void> done,
                                        Consumer<InetSocketAddress> onPeer, int tries) {
        return node.<io.lodestone.dht.krpc.KrpcResponse>callAsync(n -> n.query(holder, n.getPeers(key)))
                .handle((r, e) -> {
                    if (r instanceof GetPeersResponse g && !done.isDone()) {
                        g.values().forEach(onPeer);
                    }
                    return r == null && tries > 1 && !done.isDone();
                })
                .thenCompose(again -> again
                        ? CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(
                                HOLDER_RETRY_PAUSE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                                .thenCompose(x -> ask(holder, key, done, onPeer, tries - 1))
                        : CompletableFuture.completedFuture(null));
    }

    /** Runs the lookup when fewer than {@code maxLookups} are under way, else when one ends. */
    private void gatedLookup(MagnetUri magnet, Consumer<InetSocketAddress> onPeer, CompletableFuture<Void> done) {
        synchronized (this) {
            if (lookups >= maxLookups) {
                waiting.add(() -> gatedLookup(magnet, onPeer, done));
                return;
            }
            lookups++;
        }
        if (done.isDone()) {
            release(); // cancelled while it waited
            return;
        }
        CompletableFuture<Void> inner;
        try {
            inner = lookup.find(magnet, onPeer);
        } catch (RuntimeException e) {
            inner = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> running = inner;
        done.whenComplete((x, y) -> running.cancel(true)); // the caller's cancel reaches the lookup
        running.whenComplete((x, y) -> {
            release();
            done.complete(null);
        });
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            lookups--;
            next = waiting.poll();
        }
        if (next != null) {
            next.run();
        }
    }
}
