package io.lodestone.resolve;

import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.time.Scheduler;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * get_peers lookups on one DHT node: the magnet's DHT key and, for a hybrid magnet, also the
 * truncated v2 hash (BEP 52: v2-aware clients announce under both). A node that is still
 * bootstrapping is given a moment first, since a lookup from an empty table finds nothing.
 */
public final class DhtPeerSource implements PeerSource {

    /** Longest wait for the node's first bootstrap; past it the lookup starts with what there is. */
    static final Duration MAX_BOOTSTRAP_WAIT = Duration.ofSeconds(15);

    /**
     * Lookups are repeated: a seeder may announce after the first one, and a peer found may have
     * been busy. Bounded, and the resolve deadline cancels the source sooner anyway.
     */
    static final int MAX_ROUNDS = 10;
    static final Duration ROUND_PAUSE = Duration.ofSeconds(2);

    private final FarmNode node;
    private final int maxRounds;
    private final Duration roundPause;
    private final boolean stopWhenNothingNew;
    private final Scheduler scheduler;
    /** Set once the node had a usable table after its first bootstrap. */
    private volatile boolean warm;

    public DhtPeerSource(FarmNode node) {
        this(node, MAX_ROUNDS, ROUND_PAUSE, false);
    }

    /**
     * @param maxRounds          lookups per key at most
     * @param roundPause         pause between two rounds
     * @param stopWhenNothingNew end after a round that found no peer the earlier ones had not: a
     *                           crawler has thousands of other hashes to try, so a hash whose lookup
     *                           found no peers (or only the same ones) ends early
     */
    public DhtPeerSource(FarmNode node, int maxRounds, Duration roundPause, boolean stopWhenNothingNew) {
        this(node, maxRounds, roundPause, stopWhenNothingNew, Scheduler.system());
    }

    /** With the pauses between rounds and the bootstrap wait timed by {@code scheduler}. */
    public DhtPeerSource(FarmNode node, int maxRounds, Duration roundPause, boolean stopWhenNothingNew,
                         Scheduler scheduler) {
        if (maxRounds < 1 || maxRounds > 1_000) {
            throw new IllegalArgumentException("maxRounds outside 1..1000: " + maxRounds);
        }
        if (roundPause.isNegative()) {
            throw new IllegalArgumentException("negative roundPause: " + roundPause);
        }
        this.node = node;
        this.maxRounds = maxRounds;
        this.roundPause = roundPause;
        this.stopWhenNothingNew = stopWhenNothingNew;
        this.scheduler = java.util.Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer) {
        Set<InfoHash> keys = new LinkedHashSet<>();
        keys.add(magnet.dhtInfoHash());
        if (magnet.infoHashV2() != null) {
            keys.add(magnet.infoHashV2().truncated());
        }
        Search search = new Search(keys, onPeer);
        if (warm) {
            // a node seen ready once stays so: the first round starts now, from the caller, rather
            // than after a trip to the node's loop (most of a loopback resolve)
            search.round(1, 0);
            return search.done;
        }
        // a lookup from an empty table finds nothing: wait for the join, at most MAX_BOOTSTRAP_WAIT,
        // then start with what there is (a closed node's lookup then says so)
        CompletableFuture<Void> joined = node.joined(1);
        Scheduler.Cancellable giveUp = scheduler.schedule(MAX_BOOTSTRAP_WAIT.toNanos(), () -> joined.cancel(false));
        search.done.whenComplete((v, e) -> joined.cancel(false));
        joined.whenComplete((v, e) -> {
            giveUp.cancel();
            if (e == null) {
                warm = true;
            }
            search.round(1, 0);
        });
        return search.done;
    }

    /** One find: rounds of lookups, each after the previous one ended and a pause. */
    private final class Search {
        final Set<InfoHash> keys;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Set<InetSocketAddress> found = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Consumer<InetSocketAddress> counting;
        final List<GetPeersLookup> running = new CopyOnWriteArrayList<>();

        Search(Set<InfoHash> keys, Consumer<InetSocketAddress> onPeer) {
            this.keys = keys;
            this.counting = p -> {
                if (found.size() < 4_096) { // only counted: the resolution bounds what it keeps
                    found.add(p);
                }
                onPeer.accept(p);
            };
            done.whenComplete((v, e) -> {
                if (done.isCancelled()) {
                    // traversal state belongs to the node's loop
                    running.forEach(l -> node.loop().execute(l::cancel));
                }
            });
        }

        /** Starts round {@code n}; {@code before} is how many peers the earlier rounds found. */
        void round(int n, int before) {
            if (done.isDone()) {
                return;
            }
            CompletableFuture<Void> all;
            try {
                all = DhtPeerSource.this.round(keys, counting, done, running);
            } catch (RuntimeException e) { // the node's loop is gone
                done.completeExceptionally(e);
                return;
            }
            all.whenComplete((v, e) -> {
                running.clear();
                int now = found.size();
                if (e != null || n >= maxRounds || done.isDone() || (stopWhenNothingNew && now == before)) {
                    // the node is closing, the rounds are used up, the caller is served, or nothing new came
                    done.complete(null);
                    return;
                }
                scheduler.schedule(roundPause.toNanos(), () -> round(n + 1, now));
            });
        }
    }

    /** One lookup per key, started on the node's loop; completes when all have ended. */
    private CompletableFuture<Void> round(Set<InfoHash> keys, Consumer<InetSocketAddress> onPeer,
                                          CompletableFuture<Void> done, List<GetPeersLookup> running) {
        List<CompletableFuture<?>> lookups = new ArrayList<>();
        for (InfoHash key : keys) {
            lookups.add(node.<GetPeersLookup.Result>lookup((n, ctx) -> {
                GetPeersLookup l = new GetPeersLookup(ctx, key, p -> {
                    if (!done.isDone()) {
                        onPeer.accept(p);
                    }
                });
                running.add(l);
                return l.start();
            }));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
    }
}
