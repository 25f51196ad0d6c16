package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Drives an {@link IterativeLookup} over a {@link io.lodestone.dht.node.QueryClient}: sends what
 * it asks for, feeds answers back, and keeps one timer armed for its next time-driven change
 * (a query going slow, the deadline). Runs on the node's thread only; needs no locks.
 *
 * @param <R> what the lookup yields
 */
public abstract sealed class Traversal<R> permits FindNodeLookup, GetPeersLookup {

    final LookupContext ctx;
    final IterativeLookup lookup;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private TaskScheduler.Cancellable timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean started;
    private boolean pumping;
    private boolean again;

    Traversal(LookupContext ctx, NodeId target) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.lookup = new IterativeLookup(target, ctx.table().ownId(), ctx.config(), ctx.clock().nanos());
        lookup.addSeeds(ctx.table().closest(target, ctx.config().seeds()));
    }

    /** Starts querying (once); the future completes on the node's thread when the lookup ends. */
    public final CompletableFuture<R> start() {
        if (!started) {
            started = true;
            pump();
        }
        return result;
    }

    public final CompletableFuture<R> result() {
        return result;
    }

    /** More starting nodes (a bootstrap router's answer); ignored once the lookup has ended. */
    public final void addSeeds(Collection<NodeInfo> nodes) {
        lookup.addSeeds(nodes);
        if (started) {
            pump();
        }
    }

    /** Ends the lookup now with what it has; outstanding answers are then ignored. */
    public final void cancel() {
        lookup.cancel(ctx.clock().nanos());
        pump();
    }

    public final NodeId target() {
        return lookup.target();
    }

    /** The query to send to {@code to}. */
    abstract KnownQuery query(NodeInfo to);

    /** The nodes an answer of the expected type gives; null when the answer is of another type. */
    abstract List<NodeInfo> nodesOf(KrpcResponse response);

    /** Whether an answer of the expected type counts toward the k results. */
    boolean countsTowardK(KrpcResponse response) {
        return true;
    }

    /** An accepted answer from {@code from}, for what else it carries (tokens, peers). */
    void onAccepted(NodeInfo from, KrpcResponse response) {
    }

    /** The result once the lookup has ended. */
    abstract R result(LookupStats stats);

    // ---- the loop

    /** Re-entrant calls (a future completing at once inside send) only ask for one more round. */
    private void pump() {
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                step();
            } while (again);
        } finally {
            pumping = false;
        }
    }

    private void step() {
        if (result.isDone()) {
            return;
        }
        long now = ctx.clock().nanos();
        for (NodeInfo n : lookup.next(now)) {
            send(n);
        }
        if (lookup.isDone()) {
            finish();
        } else {
            arm(lookup.nextWakeupNanos(), now);
        }
    }

    private void send(NodeInfo to) {
        CompletableFuture<KrpcResponse> f;
        try {
            f = ctx.client().query(to.address(), query(to));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> onResult(to, response, error));
    }

    private void onResult(NodeInfo to, KrpcResponse response, Throwable error) {
        long now = ctx.clock().nanos();
        try {
            if (error != null) {
                onError(to, error, now);
            } else {
                List<NodeInfo> nodes = nodesOf(response);
                NodeInfo from = new NodeInfo(response.id(), to.address());
                if (nodes == null) {
                    lookup.onFailure(to, now);
                } else if (lookup.onResponse(from, nodes, now, countsTowardK(response))) {
                    onAccepted(from, response);
                }
            }
        } catch (RuntimeException e) {
            // a caller's callback threw: end the lookup visibly rather than leave it half-updated
            lookup.cancel(now);
            cancelTimer();
            result.completeExceptionally(e);
        }
        pump();
    }

    private void onError(NodeInfo to, Throwable error, long now) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        QueryFailedException.Reason reason = cause instanceof QueryFailedException q
                ? q.reason() : QueryFailedException.Reason.SEND_FAILED;
        switch (reason) {
            case RATE_LIMITED -> lookup.onUnsent(to, now);
            case CLOSED -> {
                lookup.onFailure(to, now);
                lookup.cancel(now); // the node is shutting down
            }
            case TIMEOUT -> lookup.onTimeout(to, now);
            default -> lookup.onFailure(to, now);
        }
    }

    /** Keeps one timer, at the earliest time the lookup needs waking. */
    private void arm(long at, long now) {
        if (at == Long.MAX_VALUE || (timer != null && timerAt <= at)) {
            return;
        }
        cancelTimer();
        timerAt = at;
        timer = ctx.scheduler().schedule(Math.max(0, at - now), () -> {
            timer = null;
            timerAt = Long.MAX_VALUE;
            pump();
        });
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
            timerAt = Long.MAX_VALUE;
        }
    }

    private void finish() {
        cancelTimer();
        LookupStats stats = new LookupStats(lookup.queried(), lookup.responded(), lookup.failed(), lookup.timedOut(),
                lookup.slowed(), lookup.elapsedNanos(), lookup.outcome());
        ctx.latency().accept(stats.durationNanos());
        result.complete(result(stats));
    }
}
