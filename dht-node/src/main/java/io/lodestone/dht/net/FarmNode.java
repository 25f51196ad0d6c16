package io.lodestone.dht.net;

import io.lodestone.dht.lookup.LookupContext;
import io.lodestone.dht.node.DhtNode;
import io.lodestone.types.NodeId;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One node of a farm with its sockets and its event loop. The node is single-threaded: everything
 * that touches it goes through {@link #call} or {@link #callAsync}, which run on its loop and
 * flush whatever the call sent.
 */
public final class FarmNode {
    private final int index;
    private DhtNode node;
    private final java.util.function.Function<NodeId, DhtNode> factory;
    private final EventLoop loop;
    private final NodeSockets sockets;
    private NodeRuntime runtime;

    FarmNode(int index, DhtNode node, EventLoop loop, NodeSockets sockets,
             java.util.function.Function<NodeId, DhtNode> factory) {
        this.index = index;
        this.node = node;
        this.factory = factory;
        this.loop = loop;
        this.sockets = sockets;
    }

    public int index() {
        return index;
    }

    public NodeId id() {
        return node.id();
    }

    /** The IPv4 socket's address (or the IPv6 one when there is no IPv4 socket). */
    public InetSocketAddress address() {
        InetSocketAddress a = sockets.localAddress4();
        return a != null ? a : sockets.localAddress6();
    }

    public InetSocketAddress address6() {
        return sockets.localAddress6();
    }

    public EventLoop loop() {
        return loop;
    }

    /** Runs {@code f} on the node's loop. */
    public <T> CompletableFuture<T> call(Function<DhtNode, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(f.apply(node));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                sockets.flush();
            }
        });
        return result;
    }

    /** Runs {@code f} on the node's loop and follows the future it returns. */
    public <T> CompletableFuture<T> callAsync(Function<DhtNode, CompletableFuture<T>> f) {
        return call(f).thenCompose(Function.identity());
    }

    /**
     * Runs {@code f} on the node's loop with the node's lookup context (for lookups, announces
     * and sweeps) and follows the future it returns.
     */
    public <T> CompletableFuture<T> lookup(java.util.function.BiFunction<DhtNode, LookupContext, CompletableFuture<T>> f) {
        return callAsync(n -> f.apply(n, runtime.context()));
    }

    /** The node's BEP 51 sweeper and other long-running tasks hook in here; on the loop only. */
    public LookupContext lookupContext() {
        return runtime.context();
    }

    /**
     * Whether the node has joined the DHT now: its first bootstrap has ended with at least
     * {@code minNodes} nodes in its IPv4 table. A small DHT may never fill a bucket, so a caller
     * that only needs somewhere to start a lookup asks for 1.
     */
    public CompletableFuture<Boolean> joinedNow(int minNodes) {
        return call(n -> isJoined(n, minNodes));
    }

    /**
     * Completes once the node has joined (as {@link #joinedNow}): looked at on the node's loop at
     * once and after every tick, so no caller polls. It never completes for a node that never joins,
     * so a caller bounds its wait ({@link #awaitJoined}, or a timeout on the future); it completes
     * exceptionally when the farm closes. Cancelling it drops the wait.
     */
    public CompletableFuture<Void> joined(int minNodes) {
        if (minNodes < 0) {
            throw new IllegalArgumentException("negative minNodes: " + minNodes);
        }
        JoinWait w = new JoinWait(minNodes, new CompletableFuture<>());
        joinWaits.add(w);
        if (closed) { // after the add: a close in between has either failed it or is seen here
            w.future().completeExceptionally(new IllegalStateException("the node is closed"));
            return w.future();
        }
        try {
            loop.execute(this::checkJoinWaits);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            w.future().completeExceptionally(new IllegalStateException("the node is closed"));
        }
        return w.future();
    }

    /**
     * Waits until the node has joined, at most {@code max}: true when it has, false when the time ran
     * out or the node closed first.
     */
    public boolean awaitJoined(int minNodes, java.time.Duration max) throws InterruptedException {
        CompletableFuture<Void> f = joined(minNodes);
        try {
            f.get(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } finally {
            f.cancel(false);
        }
    }

    private record JoinWait(int minNodes, CompletableFuture<Void> future) {
    }

    /** Waits for {@link #joined}; few and short-lived, so a list scanned each tick is enough. */
    private final java.util.List<JoinWait> joinWaits = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private boolean isJoined(DhtNode n, int minNodes) {
        return runtime.maintenance() != null && !runtime.maintenance().bootstrapping()
                && n.routingTable4().size() >= minNodes;
    }

    /**
     * On the loop: completes the waits the node now satisfies and drops those given up. Called after
     * every tick, read burst and timer, so a join is seen as soon as the bootstrap's last answer or
     * timeout ends it; a volatile read when nobody waits.
     */
    void checkJoinWaits() {
        if (joinWaits.isEmpty()) {
            return;
        }
        for (JoinWait w : joinWaits) {
            if (!w.future().isDone() && runtime != null && isJoined(node, w.minNodes())) {
                w.future().complete(null);
            }
            if (w.future().isDone()) {
                joinWaits.remove(w);
            }
        }
    }

    /**
     * Replaces the node with one under {@code newId} on the same sockets (BEP 42: an id that fits
     * the external address). The old table's entries become the new node's ping candidates; its
     * outstanding queries fail with CLOSED; announces stored under the old id are dropped, as they
     * would be by any node that changes its id. On the loop only.
     */
    void rekey(NodeId newId) {
        DhtNode old = node;
        DhtNode fresh = factory.apply(newId);
        fresh.routingTable4().onNodesLearned(old.routingTable4().entries().stream()
                .map(io.lodestone.dht.routing.RoutingEntry::node).toList());
        fresh.routingTable6().onNodesLearned(old.routingTable6().entries().stream()
                .map(io.lodestone.dht.routing.RoutingEntry::node).toList());
        node = fresh;
        old.close();
        runtime.rebuild();
    }

    /** Changes the node's id now; for operators and tests. Completes on the loop. */
    public CompletableFuture<NodeId> changeId(NodeId newId) {
        return call(n -> {
            rekey(newId);
            return node.id();
        });
    }

    void attach(NodeRuntime rt) {
        this.runtime = rt;
    }

    void tick() {
        runtime.secureIdCheck();
        node.tick();
        runtime.tick();
        sockets.flush();
        checkJoinWaits(); // also after reads and timers, but a table may fill by ticks alone
    }

    void runAndFlush(Runnable task) {
        try {
            task.run();
        } finally {
            sockets.flush();
            checkJoinWaits();
        }
    }

    DhtNode node() {
        return node;
    }

    void closeSockets() {
        closed = true;
        sockets.close();
        joinWaits.forEach(w -> w.future().completeExceptionally(new IllegalStateException("the node is closed")));
        joinWaits.clear();
    }

    @Override
    public String toString() {
        return id().hex() + " " + address();
    }
}
