package io.lodestone.dht.lookup;

import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.ScrapeFilters;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Token;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A get_peers lookup (BEP 5) for a 20-byte DHT key: walks toward the key as a find_node lookup
 * does, collecting the peers ({@code values}) every responder gives, deduplicated, and the
 * announce token each gave. New peers can be handed out as they arrive, so a resolver connects to
 * the first ones while the lookup goes on.
 */
public final class GetPeersLookup extends Traversal<GetPeersLookup.Result> {

    /** A node that answered, with the announce token it gave, if any. */
    public record Responder(NodeInfo node, Optional<Token> token) {
        public Responder {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * @param peers     distinct peers in order of arrival (at most {@code maxPeers})
     * @param closest   the k closest responders, closest first, each with its token if it gave one
     * @param announceTo the k closest responders that gave a token, closest first: whom to
     *                  announce to, as libtorrent's find_data picks them (token-less ones skipped)
     */
    public record Result(InfoHash infoHash, List<InetSocketAddress> peers, List<Responder> closest,
                         List<Responder> announceTo, LookupStats stats) {
        public Result {
            peers = List.copyOf(peers);
            closest = List.copyOf(closest);
            announceTo = List.copyOf(announceTo);
        }
    }

    private final InfoHash infoHash;
    private final GetPeers query;
    private final Consumer<InetSocketAddress> onPeer;
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    /** Bounded by the answers the lookup accepts, which its deadline and candidate cap bound. */
    private final Map<InetSocketAddress, Token> tokens = new HashMap<>();
    /** BEP 33 scrapes only: each responder's filters and peers, bounded as the tokens are. */
    private final boolean scrape;
    private final Map<InetSocketAddress, ScrapeFilters> filters = new HashMap<>();
    private final Map<InetSocketAddress, List<InetSocketAddress>> valuesBy = new HashMap<>();

    public GetPeersLookup(LookupContext ctx, InfoHash infoHash) {
        this(ctx, infoHash, peer -> { });
    }

    /**
     * @param infoHash a 20-byte DHT key: a v1 hash, or a v2 hash's {@link InfoHash#truncated()}
     * @param onPeer   called on the node's thread with each new peer as it arrives
     */
    public GetPeersLookup(LookupContext ctx, InfoHash infoHash, Consumer<InetSocketAddress> onPeer) {
        this(ctx, infoHash, onPeer, false);
    }

    /**
     * A BEP 33 scrape: the same walk with {@code scrape=1}, keeping each responder's filters;
     * {@link #scrapeOf} estimates the swarm once it has ended.
     */
    public static GetPeersLookup scrape(LookupContext ctx, InfoHash infoHash) {
        return new GetPeersLookup(ctx, infoHash, peer -> { }, true);
    }

    private GetPeersLookup(LookupContext ctx, InfoHash infoHash, Consumer<InetSocketAddress> onPeer, boolean scrape) {
        super(ctx, NodeId.key(requireDhtKey(infoHash)));
        this.infoHash = infoHash;
        this.query = new GetPeers(ctx.table().ownId(), infoHash, Optional.empty(), false, scrape);
        this.onPeer = Objects.requireNonNull(onPeer, "onPeer");
        this.scrape = scrape;
    }

    /** The swarm estimate from the closest responders of a scrape's result (call on the node's thread). */
    public SwarmScrape scrapeOf(Result r) {
        if (!scrape) {
            throw new IllegalStateException("not a scrape lookup");
        }
        return SwarmScrape.of(r.closest().stream().map(x -> x.node().address()).toList(), filters, valuesBy);
    }

    private static InfoHash requireDhtKey(InfoHash h) {
        if (h.length() != InfoHash.V1_LENGTH) {
            throw new IllegalArgumentException("a get_peers lookup takes a 20-byte key; truncate v2 hashes first");
        }
        return h;
    }

    /** Peers collected so far. */
    public int peerCount() {
        return peers.size();
    }

    @Override
    KnownQuery query(NodeInfo to) {
        return query;
    }

    @Override
    List<NodeInfo> nodesOf(KrpcResponse response) {
        return response instanceof GetPeersResponse r ? ctx.ourFamily(r.nodes(), r.nodes6()) : null;
    }

    /**
     * A responder without a token cannot take our announce, so the lookup goes on until k that
     * can have answered (libtorrent stops at k responders and announces to fewer). libtorrent
     * withholds tokens when its store is full precisely to push announces on to the neighbours.
     */
    @Override
    boolean countsTowardK(KrpcResponse response) {
        return ((GetPeersResponse) response).token().isPresent();
    }

    @Override
    void onAccepted(NodeInfo from, KrpcResponse response) {
        GetPeersResponse r = (GetPeersResponse) response;
        r.token().ifPresent(t -> tokens.put(from.address(), t));
        if (scrape) {
            r.scrape().ifPresent(f -> filters.put(from.address(), f));
            if (!r.values().isEmpty()) {
                valuesBy.put(from.address(), r.values());
            }
        }
        for (InetSocketAddress peer : r.values()) {
            if (peers.size() < ctx.config().maxPeers() && peers.add(peer)) {
                onPeer.accept(peer);
            }
        }
    }

    @Override
    Result result(LookupStats stats) {
        int k = ctx.config().k();
        List<Responder> closest = new ArrayList<>(k);
        List<Responder> announceTo = new ArrayList<>(k);
        for (NodeInfo n : lookup.closestResponded(Integer.MAX_VALUE)) {
            Optional<Token> token = Optional.ofNullable(tokens.get(n.address()));
            if (closest.size() < k) {
                closest.add(new Responder(n, token));
            }
            if (token.isPresent() && announceTo.size() < k) {
                announceTo.add(new Responder(n, token));
            }
            if (closest.size() >= k && announceTo.size() >= k) {
                break;
            }
        }
        return new Result(infoHash, new ArrayList<>(peers), closest, announceTo, stats);
    }
}
