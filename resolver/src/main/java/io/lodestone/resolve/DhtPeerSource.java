package io.lodestone.resolve;

import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.magnet.MagnetUri;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * get_peers lookups on one DHT node: the magnet's DHT key and, for a hybrid magnet, also the
 * truncated v2 hash (BEP 52: v2-aware clients announce under both). A node that is still
 * bootstrapping is given a moment first, since a lookup from an empty table finds nothing.
 */
public final class DhtPeerSource implements PeerSource {

    /** Longest wait for the node's first bootstrap; past it the lookup starts with what there is. */
    static final Duration MAX_BOOTSTRAP_WAIT = Duration.ofSeconds(15);
    static final Duration BOOTSTRAP_POLL = Duration.ofMillis(50);

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
    }

    @Override
    public CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer) {
        Set<InfoHash> keys = new LinkedHashSet<>();
        keys.add(magnet.dhtInfoHash());
        if (magnet.infoHashV2() != null) {
            keys.add(magnet.infoHashV2().truncated());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Set<InetSocketAddress> found = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Consumer<InetSocketAddress> counting = p -> {
            if (found.size() < 4_096) { // only counted: the resolution bounds what it keeps
                found.add(p);
            }
            onPeer.accept(p);
        };
        List<GetPeersLookup> running = new CopyOnWriteArrayList<>();
        done.whenComplete((v, e) -> {
            if (done.isCancelled()) {
                // Traversal state belongs to the node's loop
                running.forEach(l -> node.loop().execute(l::cancel));
            }
        });
        // a node seen ready once stays so: the first round starts now, from the caller, rather
        // than after a thread start and two trips to the node's loop (most of a loopback resolve)
        CompletableFuture<Void> firstRound = warm ? round(keys, counting, done, running) : null;
        Thread.ofVirtual().name("resolve-dht").start(() -> {
            try {
                CompletableFuture<Void> all = firstRound;
                if (all == null) {
                    awaitBootstrap(done);
                    all = round(keys, counting, done, running);
                }
                int before = 0;
                for (int round = 1; ; round++) {
                    // polled, not waited on: a closed node's lookups may never complete
                    while (!all.isDone() && !done.isDone()) {
                        try {
                            all.get(BOOTSTRAP_POLL.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.ExecutionException
                                 | java.util.concurrent.TimeoutException ignored) {
                            // looked at again by the loop condition
                        }
                    }
                    running.clear();
                    if (all.isCompletedExceptionally() || round >= maxRounds || done.isDone()) {
                        break; // the node is closing, the rounds are used up, or the caller is served
                    }
                    int now = found.size();
                    if (stopWhenNothingNew && now == before) {
                        break;
                    }
                    before = now;
                    Thread.sleep(roundPause.toMillis());
                    if (done.isDone()) {
                        break;
                    }
                    all = round(keys, counting, done, running);
                }
                done.complete(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
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

    private void awaitBootstrap(CompletableFuture<Void> done) throws InterruptedException {
        long until = System.nanoTime() + MAX_BOOTSTRAP_WAIT.toNanos();
        while (!done.isDone() && System.nanoTime() < until) {
            try {
                if (node.joined(1).get(5, TimeUnit.SECONDS)) {
                    warm = true;
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return; // the node is closing or stuck: let the lookup say so
            }
            Thread.sleep(BOOTSTRAP_POLL.toMillis());
        }
    }
}
