package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.SampleInfohashes;
import io.lodestone.dht.krpc.SampleInfohashesResponse;
import io.lodestone.dht.lookup.SweepNodes.Tracked;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A BEP 51 client that harvests info-hashes: walks the key space with sample_infohashes queries
 * and hands every sample to a consumer. Driven by the owner's tick on the node's thread.
 *
 * <p>Each query's target is the next point of a sequence that covers the key space ever more
 * finely; it goes to the known node nearest that target, which answers with the nodes it knows
 * nearest the target: the next hops. Nodes never asked come first, then those whose interval has
 * passed. A node is never asked again before the {@code interval} it gave (nor
 * {@code minRevisit}); one that answers without samples (an answer shaped as find_node's, or a
 * KRPC error) is marked unsupported and left alone for {@code unsupportedRetry}, though the nodes
 * it gave are used. Queries go out at {@code queriesPerSecond} on average. Memory is bounded by
 * {@code maxTrackedNodes}; samples are passed on, not kept.
 */
public final class SampleSweeper {

    /** What a node answered to sample_infohashes. */
    public enum Support { UNKNOWN, SUPPORTED, UNSUPPORTED }

    /**
     * @param queries   sample_infohashes queries sent
     * @param samplers  answers with samples (BEP 51)
     * @param nonSamplers answers without (nodes that do not support BEP 51)
     * @param failures  queries unanswered or refused
     * @param infoHashes info-hashes passed to the consumer (with repeats)
     */
    public record Stats(long queries, long samplers, long nonSamplers, long failures, long infoHashes,
                        int tracked, int inFlight) {
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** 2^16 times the backoff is far past any retry cap; bounds the shift. */
    private static final int MAX_BACKOFF_DOUBLINGS = 16;

    private final LookupContext ctx;
    private final SweepConfig config;
    private final Consumer<SampleBatch> sink;
    private final SweepNodes nodes;
    private double tokens;
    private long lastRefill;
    private long cursor;
    private int inFlight;
    private boolean closed;
    private long queries;
    private long samplers;
    private long nonSamplers;
    private long failures;
    private long infoHashes;

    /** @param sink receives each BEP 51 answer on the node's thread; it must be quick and must not throw */
    public SampleSweeper(LookupContext ctx, SweepConfig config, Consumer<SampleBatch> sink) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nodes = new SweepNodes(config.maxTrackedNodes(), ctx.random());
        this.lastRefill = ctx.clock().nanos();
        this.tokens = config.burst();
    }

    /** Sends what the budget allows now. */
    public void tick() {
        if (closed) {
            return;
        }
        long now = ctx.clock().nanos();
        tokens = Math.min(config.burst(), tokens + (now - lastRefill) * config.queriesPerSecond() / NANOS_PER_SECOND);
        lastRefill = now;
        nodes.promote(now);
        if (nodes.ready() == 0 && inFlight == 0) {
            addNodes(ctx.table().closest(Ids.spread(cursor++, ctx.random()), config.seeds()));
        }
        while (tokens >= 1 && inFlight < config.maxInFlight() && !closed) {
            NodeId target = Ids.spread(cursor++, ctx.random());
            Tracked t = nodes.take(target);
            if (t == null) {
                break;
            }
            tokens -= 1;
            inFlight++;
            queries++;
            send(t, new SampleInfohashes(ctx.table().ownId(), target));
        }
    }

    /** More nodes to sweep (from the routing table, from nodes that queried us); known ones are skipped. */
    public int addNodes(Collection<NodeInfo> more) {
        int added = 0;
        for (NodeInfo n : more) {
            if (!n.id().equals(ctx.table().ownId()) && nodes.learn(n)) {
                added++;
            }
        }
        return added;
    }

    /** What the node at {@code address} answered, as far as it is still remembered. */
    public Support support(InetSocketAddress address) {
        Tracked t = nodes.get(address);
        return t == null ? Support.UNKNOWN : t.support;
    }

    /** Nodes remembered. */
    public int tracked() {
        return nodes.size();
    }

    public int supportedCount() {
        return nodes.count(Support.SUPPORTED);
    }

    public int unsupportedCount() {
        return nodes.count(Support.UNSUPPORTED);
    }

    public Stats stats() {
        return new Stats(queries, samplers, nonSamplers, failures, infoHashes, nodes.size(), inFlight);
    }

    private void send(Tracked t, SampleInfohashes q) {
        CompletableFuture<KrpcResponse> f;
        try {
            f = ctx.client().query(t.node.address(), q);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> onResult(t, response, error));
    }

    private void onResult(Tracked t, KrpcResponse response, Throwable error) {
        inFlight--;
        long now = ctx.clock().nanos();
        if (error != null) {
            onError(t, error, now);
            return;
        }
        switch (response) {
            case SampleInfohashesResponse r -> {
                samplers++;
                infoHashes += r.samples().size();
                t.support = Support.SUPPORTED;
                t.failures = 0;
                long interval = Math.max(r.interval() * NANOS_PER_SECOND, config.minRevisit().toNanos());
                nodes.hold(t, now + interval);
                addNodes(ctx.ourFamily(r.nodes(), r.nodes6()));
                sink.accept(new SampleBatch(new NodeInfo(r.id(), t.node.address()), r.interval(), r.num(),
                        r.samples()));
            }
            case FindNodeResponse r -> {
                nonSamplers++;
                unsupported(t, now);
                addNodes(ctx.ourFamily(r.nodes(), r.nodes6()));
            }
            default -> failed(t, now);
        }
    }

    private void onError(Tracked t, Throwable error, long now) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        QueryFailedException.Reason reason = cause instanceof QueryFailedException q
                ? q.reason() : QueryFailedException.Reason.SEND_FAILED;
        switch (reason) {
            case RATE_LIMITED -> {
                queries--;
                nodes.putBack(t); // never sent: the node may be asked as soon as the limiter allows
            }
            case ERROR_RESPONSE -> {
                nonSamplers++;
                unsupported(t, now); // e.g. 204 "method unknown"
            }
            case CLOSED -> {
                closed = true;
                nodes.forget(t);
            }
            default -> failed(t, now);
        }
    }

    private void unsupported(Tracked t, long now) {
        t.support = Support.UNSUPPORTED;
        t.failures = 0;
        nodes.hold(t, now + Math.max(config.unsupportedRetry().toNanos(), config.minRevisit().toNanos()));
    }

    /**
     * Backs off, doubling per failure in a row up to maxFailureBackoff: a dead node costs a couple of
     * queries an hour, and a node that was away is found again soon after it is back. It is not
     * forgotten, or the next answer naming it would make it fresh again; memory pressure evicts it.
     */
    private void failed(Tracked t, long now) {
        failures++;
        t.failures++;
        long wait = config.failureBackoff().toNanos() << Math.min(t.failures - 1, MAX_BACKOFF_DOUBLINGS);
        wait = Math.min(wait, config.maxFailureBackoff().toNanos());
        nodes.hold(t, now + Math.max(wait, config.minRevisit().toNanos()));
    }
}
