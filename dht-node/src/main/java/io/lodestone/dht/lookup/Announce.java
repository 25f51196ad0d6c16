package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.node.QueryFailedException;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * BEP 5 announce as libtorrent does it: a get_peers lookup, then announce_peer to the k closest
 * responders that gave a token, each with its own token. Runs on the node's thread.
 */
public final class Announce {

    private static final int MAX_PORT = 0xffff;

    /**
     * @param lookup     the get_peers lookup it ran (peers found on the way included)
     * @param sent       announce_peer queries sent
     * @param acceptedBy the nodes that acknowledged, closest first
     */
    public record Result(GetPeersLookup.Result lookup, int sent, List<NodeInfo> acceptedBy) {
        public Result {
            acceptedBy = List.copyOf(acceptedBy);
        }

        public int accepted() {
            return acceptedBy.size();
        }
    }

    private final LookupContext ctx;
    private final InfoHash infoHash;
    private final int port;
    private final boolean impliedPort;
    private final boolean seed;
    private final Consumer<InetSocketAddress> onPeer;

    /**
     * @param infoHash    the 20-byte DHT key
     * @param port        our TCP port (ignored by receivers when {@code impliedPort})
     * @param impliedPort BEP 5 implied_port: receivers take our UDP source port (behind NAT)
     * @param seed        BEP 33-era {@code seed} flag, as libtorrent sends it
     * @param onPeer      peers the get_peers lookup finds, as they arrive
     */
    public Announce(LookupContext ctx, InfoHash infoHash, int port, boolean impliedPort, boolean seed,
            Consumer<InetSocketAddress> onPeer) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.infoHash = Objects.requireNonNull(infoHash, "infoHash");
        this.port = port;
        this.impliedPort = impliedPort;
        this.seed = seed;
        this.onPeer = Objects.requireNonNull(onPeer, "onPeer");
        // fail here, not after a whole lookup, on a bad key or port
        if (infoHash.length() != InfoHash.V1_LENGTH) {
            throw new IllegalArgumentException("the DHT carries 20-byte keys; truncate v2 hashes first");
        }
        if (port > MAX_PORT || (port < 1 && !(impliedPort && port == 0))) {
            throw new IllegalArgumentException("port must be 1..65535 (or 0 with implied_port), not " + port);
        }
    }

    public Announce(LookupContext ctx, InfoHash infoHash, int port, boolean impliedPort, boolean seed) {
        this(ctx, infoHash, port, impliedPort, seed, peer -> { });
    }

    /** Runs the lookup and the announces; completes when every announce_peer has settled. */
    public CompletableFuture<Result> start() {
        return new GetPeersLookup(ctx, infoHash, onPeer).start().thenCompose(this::announceTo);
    }

    /**
     * Sends one announce_peer. One that our own per-IP limiter held back (the lookup just spent that
     * IP's budget, as it does when all the nodes asked share one address) was never heard: it is
     * sent again shortly, within the lookup's deadline, instead of counting as refused.
     */
    private void send(InetSocketAddress to, AnnouncePeer q, long startedAt, CompletableFuture<Boolean> accepted) {
        CompletableFuture<KrpcResponse> f;
        try {
            f = ctx.client().query(to, q);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> {
            if (error != null && refusedByUs(error)
                    && ctx.clock().nanos() - startedAt < ctx.config().deadline().toNanos()) {
                ctx.scheduler().schedule(ctx.config().rateLimitBackoff().toNanos(), () -> send(to, q, startedAt, accepted));
                return;
            }
            accepted.complete(error == null && response instanceof AnnouncePeerResponse);
        });
    }

    private static boolean refusedByUs(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof QueryFailedException q && q.reason() == QueryFailedException.Reason.RATE_LIMITED;
    }

    /** Announces to the token holders of a get_peers lookup already run. */
    public CompletableFuture<Result> announceTo(GetPeersLookup.Result lookup) {
        List<GetPeersLookup.Responder> targets = lookup.announceTo();
        List<CompletableFuture<Boolean>> replies = new ArrayList<>(targets.size());
        long startedAt = ctx.clock().nanos();
        for (GetPeersLookup.Responder r : targets) {
            AnnouncePeer q = new AnnouncePeer(ctx.table().ownId(), infoHash, port, impliedPort,
                    r.token().orElseThrow(), seed);
            CompletableFuture<Boolean> accepted = new CompletableFuture<>();
            send(r.node().address(), q, startedAt, accepted);
            replies.add(accepted);
        }
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<NodeInfo> accepted = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                if (replies.get(i).join()) {
                    accepted.add(targets.get(i).node());
                }
            }
            return new Result(lookup, targets.size(), accepted);
        });
    }
}
