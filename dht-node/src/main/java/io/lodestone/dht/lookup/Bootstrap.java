package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Joins the DHT as libtorrent does: asks the routers (addresses whose ids we do not know) for the
 * nodes closest to our own id, looks our own id up from those and the table's nodes, then
 * refreshes every bucket farther out with a lookup of a random id in it. The routers themselves
 * never become lookup candidates: routers answer but are no DHT nodes to keep.
 *
 * <p>{@link #start()} completes when the own-id lookup does, with the table size then;
 * {@link #refreshed()} when the bucket refreshes after it have all ended. The table learns from
 * every answer through the node, not through this class.
 */
public final class Bootstrap {

    /**
     * @param routersAsked    routers queried
     * @param routersAnswered routers that answered with nodes
     * @param ownLookup       the lookup of our own id
     * @param tableSize       live routing-table entries when it ended
     * @param bucketCount     routing-table buckets then
     */
    public record Result(int routersAsked, int routersAnswered, FindNodeLookup.Result ownLookup, int tableSize,
                         int bucketCount) {
    }

    private final LookupContext ctx;
    private final java.util.function.Consumer<FindNodeLookup.Result> lookups;
    private final List<InetSocketAddress> routers;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private final CompletableFuture<Integer> refreshed = new CompletableFuture<>();
    private final Deque<NodeId> refreshTargets = new ArrayDeque<>();
    private boolean started;
    private long startedAt;
    /** Created at the first router answer, so its deadline and duration do not include the wait. */
    private FindNodeLookup ownLookup;
    private int routersSettled;
    private int routersAnswered;
    private int refreshesRunning;

    /** @param routers bootstrap addresses; only the first {@code maxRouters} distinct ones are used */
    public Bootstrap(LookupContext ctx, Collection<InetSocketAddress> routers) {
        this(ctx, routers, r -> { });
    }

    /** @param lookups sees the result of the own-id lookup and of every bucket refresh after it */
    public Bootstrap(LookupContext ctx, Collection<InetSocketAddress> routers,
            java.util.function.Consumer<FindNodeLookup.Result> lookups) {
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        List<InetSocketAddress> distinct = new ArrayList<>(new LinkedHashSet<>(routers));
        this.routers = List.copyOf(distinct.subList(0, Math.min(ctx.config().maxRouters(), distinct.size())));
    }

    /** Starts (once); completes when the own-id lookup has ended. */
    public CompletableFuture<Result> start() {
        if (started) {
            return done;
        }
        started = true;
        if (routers.isEmpty()) {
            startOwnLookup(List.of());
            return done;
        }
        startedAt = ctx.clock().nanos();
        for (InetSocketAddress router : routers) {
            ask(router);
        }
        return done;
    }

    private void ask(InetSocketAddress router) {
        NodeId own = ctx.table().ownId();
        CompletableFuture<KrpcResponse> f;
        try {
            f = ctx.client().query(router, new FindNode(own, own));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> {
            if (error != null && refusedByUs(error)
                    && ctx.clock().nanos() - startedAt < ctx.config().deadline().toNanos()) {
                // our own limiter held it back (a farm's siblings share it): the router never heard
                // us, so ask again shortly instead of giving up on it with an empty table
                ctx.scheduler().schedule(ctx.config().rateLimitBackoff().toNanos(), () -> ask(router));
                return;
            }
            onRouter(response, error);
        });
    }

    private static boolean refusedByUs(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof QueryFailedException q && q.reason() == QueryFailedException.Reason.RATE_LIMITED;
    }

    /** Completes with the table size once the refreshes after the own-id lookup have ended. */
    public CompletableFuture<Integer> refreshed() {
        return refreshed;
    }

    /** Whether the own-id lookup or a refresh is still running. */
    public boolean running() {
        return started && !refreshed.isDone();
    }

    /** The first router answer starts the own-id lookup; later ones feed it more seeds. */
    private void onRouter(KrpcResponse response, Throwable error) {
        routersSettled++;
        if (error == null && response instanceof FindNodeResponse r) {
            routersAnswered++;
            List<NodeInfo> nodes = ctx.ourFamily(r.nodes(), r.nodes6());
            if (ownLookup == null) {
                startOwnLookup(nodes);
            } else {
                ownLookup.addSeeds(nodes);
            }
        } else if (routersSettled == routers.size() && ownLookup == null) {
            startOwnLookup(List.of()); // no router answered: go on with what the table has
        }
    }

    private void startOwnLookup(List<NodeInfo> seeds) {
        ownLookup = new FindNodeLookup(ctx, ctx.table().ownId());
        ownLookup.addSeeds(seeds);
        ownLookup.result().whenComplete(this::onOwnLookup);
        ownLookup.start();
    }

    private void onOwnLookup(FindNodeLookup.Result result, Throwable error) {
        if (error != null) {
            done.completeExceptionally(error);
            refreshed.completeExceptionally(error);
            return;
        }
        lookups.accept(result);
        int buckets = ctx.table().bucketCount();
        done.complete(new Result(routers.size(), routersAnswered, result, ctx.table().size(), buckets));
        // the last bucket holds our own id's neighbourhood, which the own-id lookup just walked
        for (int i = 0; i < buckets - 1; i++) {
            refreshTargets.add(Ids.sharing(ctx.table().ownId(), i, ctx.random()));
        }
        runRefreshes();
    }

    private void runRefreshes() {
        while (refreshesRunning < ctx.config().maxConcurrentRefreshes() && !refreshTargets.isEmpty()) {
            refreshesRunning++;
            new FindNodeLookup(ctx, refreshTargets.poll()).start().whenComplete((r, e) -> {
                refreshesRunning--;
                if (r != null) {
                    lookups.accept(r);
                }
                runRefreshes();
            });
        }
        if (refreshesRunning == 0 && refreshTargets.isEmpty()) {
            refreshed.complete(ctx.table().size());
        }
    }
}
