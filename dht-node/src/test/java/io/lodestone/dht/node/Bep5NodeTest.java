package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.AnnouncePeerResponse;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KrpcError;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Ping;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.Token;
import io.lodestone.dht.krpc.UnknownQuery;
import io.lodestone.dht.routing.NodeState;
import io.lodestone.dht.routing.RoutingEntry;
import io.lodestone.dht.sim.VirtualNetwork;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** BEP 5 as a node: answering the four queries, tokens, and matching answers to our queries. */
class Bep5NodeTest {

    private final NodeFixture f = new NodeFixture();
    private final NodeId other = NodeId.random(f.random);

    private ResponseMessage okAnswer(KrpcMessage m) {
        assertThat(m).isInstanceOf(ResponseMessage.class);
        return (ResponseMessage) m;
    }

    private ErrorMessage errorAnswer(KrpcMessage m) {
        assertThat(m).isInstanceOf(ErrorMessage.class);
        return (ErrorMessage) m;
    }

    @Test
    void pingIsAnsweredWithOurIdAndVersion() {
        ResponseMessage r = okAnswer(f.ask(addr(1), new Ping(other)));
        assertThat(r.typed(QueryMethod.PING)).isEqualTo(new PingResponse(f.node.id()));
        assertThat(r.version()).contains(DhtConfig.LODESTONE_VERSION);
        assertThat(f.metrics.snapshot().queriesIn()).containsEntry("ping", 1L);
        assertThat(f.metrics.snapshot().responsesOut()).isEqualTo(1);
    }

    @Test
    void findNodeReturnsTheEightClosestGoodNodes() {
        f.fillTable(60, 100);
        NodeId target = NodeId.random(f.random);
        FindNodeResponse r = (FindNodeResponse) okAnswer(f.ask(addr(1), new FindNode(other, target)))
                .typed(QueryMethod.FIND_NODE);
        List<NodeInfo> expected = f.node.routingTable4().entries().stream()
                .filter(e -> e.state() == NodeState.GOOD)
                .map(RoutingEntry::node)
                .sorted((a, b) -> target.distanceCompare(a.id(), b.id()))
                .limit(8)
                .toList();
        assertThat(expected).hasSize(8);
        assertThat(r.nodes()).containsExactlyElementsOf(expected);
        assertThat(r.nodes6()).isEmpty();
        assertThat(r.id()).isEqualTo(f.node.id());
    }

    @Test
    void getPeersHandsOutATokenThatAnnouncePeerAcceptsAndGetPeersThenReturnsThePeer() {
        f.fillTable(20, 100);
        InfoHash ih = NodeFixture.hash(f.random);
        InetSocketAddress announcer = addr(1);
        GetPeersResponse first = (GetPeersResponse) okAnswer(f.ask(announcer, new GetPeers(other, ih)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(first.token()).isPresent();
        assertThat(first.values()).isEmpty();
        assertThat(first.nodes()).hasSize(8); // no peers yet: the closest nodes instead

        KrpcMessage ann = f.ask(announcer, new AnnouncePeer(other, ih, 51413, first.token().get()));
        assertThat(okAnswer(ann).typed(QueryMethod.ANNOUNCE_PEER)).isEqualTo(new AnnouncePeerResponse(f.node.id()));
        assertThat(f.metrics.snapshot().announcesStored()).isEqualTo(1);

        GetPeersResponse second = (GetPeersResponse) okAnswer(f.ask(addr(2), new GetPeers(other, ih)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(second.values()).containsExactly(new InetSocketAddress(announcer.getAddress(), 51413));
        assertThat(second.nodes()).hasSize(8); // libtorrent sends nodes with values too
    }

    @Test
    void aScrapeGetsBloomFiltersOfTheStoredSeedsAndPeers() {
        f.fillTable(20, 100);
        InfoHash ih = NodeFixture.hash(f.random);
        GetPeers scrape = new GetPeers(other, ih, java.util.Optional.empty(), false, true);
        GetPeersResponse none = (GetPeersResponse) okAnswer(f.ask(addr(9), scrape)).typed(QueryMethod.GET_PEERS);
        assertThat(none.scrape()).as("nothing stored: no filters, as libtorrent").isEmpty();
        for (int i = 1; i <= 5; i++) {
            InetSocketAddress from = addr(i);
            GetPeersResponse g = (GetPeersResponse) okAnswer(f.ask(from, new GetPeers(other, ih)))
                    .typed(QueryMethod.GET_PEERS);
            okAnswer(f.ask(from, new AnnouncePeer(other, ih, 6881, false, g.token().get(), i <= 3)));
        }
        GetPeersResponse r = (GetPeersResponse) okAnswer(f.ask(addr(9), scrape)).typed(QueryMethod.GET_PEERS);
        assertThat(r.scrape()).isPresent();
        assertThat(r.scrape().get().seeds().count()).isEqualTo(3);
        assertThat(r.scrape().get().peers().count()).isEqualTo(2);
        assertThat(r.values()).hasSize(5);
        GetPeersResponse plain = (GetPeersResponse) okAnswer(f.ask(addr(9), new GetPeers(other, ih)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(plain.scrape()).as("only when asked").isEmpty();
    }

    @Test
    void badTokensAreRefusedWith203() {
        InfoHash ih = NodeFixture.hash(f.random);
        Token forged = Token.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ErrorMessage e = errorAnswer(f.ask(addr(1), new AnnouncePeer(other, ih, 6881, forged)));
        assertThat(e.error().code()).isEqualTo(KrpcError.PROTOCOL);

        // a token is bound to the IP it was handed to
        Token forOne = f.node.tokens().token(addr(1).getAddress());
        assertThat(errorAnswer(f.ask(addr(2), new AnnouncePeer(other, ih, 6881, forOne))).error().code())
                .isEqualTo(KrpcError.PROTOCOL);
        // but not to the port: a NAT may change it between get_peers and announce_peer
        InetSocketAddress samePortChanged = new InetSocketAddress(addr(1).getAddress(), 40000);
        assertThat(f.ask(samePortChanged, new AnnouncePeer(other, ih, 6881, forOne)))
                .isInstanceOf(ResponseMessage.class);
        // and it dies after two rotations (5 to 10 minutes)
        f.clock.advance(Duration.ofMinutes(10));
        assertThat(errorAnswer(f.ask(addr(1), new AnnouncePeer(other, ih, 6881, forOne))).error().code())
                .isEqualTo(KrpcError.PROTOCOL);
        assertThat(f.node.peerStore().peers(ih, 10, StandardProtocolFamily.INET, false)).hasSize(1);
    }

    @Test
    void impliedPortStoresTheUdpSourcePort() {
        InfoHash ih = NodeFixture.hash(f.random);
        InetSocketAddress announcer = new InetSocketAddress(addr(1).getAddress(), 31337);
        Token token = f.node.tokens().token(announcer.getAddress());
        okAnswer(f.ask(announcer, new AnnouncePeer(other, ih, 0, true, token, false)));
        assertThat(f.node.peerStore().peers(ih, 10, StandardProtocolFamily.INET, false))
                .containsExactly(announcer);
    }

    @Test
    void unknownMethodsAre204UnlessTheyCarryATarget() {
        ErrorMessage e = errorAnswer(f.ask(addr(1), new UnknownQuery("vote", other, Optional.empty(), Optional.empty())));
        assertThat(e.error().code()).isEqualTo(KrpcError.METHOD_UNKNOWN);

        f.fillTable(20, 100);
        NodeId target = NodeId.random(f.random);
        ResponseMessage r = okAnswer(f.ask(addr(1),
                new UnknownQuery("get", other, Optional.of(target), Optional.empty())));
        FindNodeResponse typed = (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
        assertThat(typed.nodes()).containsExactlyElementsOf(f.node.routingTable4().closest(target, 8));
        assertThat(f.metrics.snapshot().queriesIn()).containsEntry(DhtMetrics.OTHER_METHOD, 2L);
    }

    @Test
    void aMalformedQueryWithAReadableTidGets203AndGarbageNothing() {
        // a ping without an id
        byte[] noId = "d1:ad1:xi1ee1:q4:ping1:t2:aa1:y1:qe".getBytes(StandardCharsets.ISO_8859_1);
        f.deliver(addr(1), noId);
        assertThat(f.sent).hasSize(1);
        ErrorMessage e = errorAnswer(f.sent.get(0).decoded());
        assertThat(e.error().code()).isEqualTo(KrpcError.PROTOCOL);
        assertThat(e.tid().bytes()).isEqualTo("aa".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(e.ip()).contains(addr(1));

        f.sent.clear();
        for (String junk : List.of("", "garbage", "i42e", "d1:t2:aa1:y1:re", "d1:rd2:id3:abce1:t2:aa1:y1:re",
                "d1:eli201e1:xe1:t2:aa1:y1:ee")) {
            f.deliver(addr(1), junk.getBytes(StandardCharsets.ISO_8859_1));
        }
        f.node.onDatagram(addr(1), new byte[10], 5, 10); // a bad slice too
        f.node.onDatagram(addr(1), new byte[2000], 0, 2000); // too big
        assertThat(f.sent).isEmpty();
        assertThat(f.metrics.snapshot().malformed()).isEqualTo(1 + 5 + 2); // the ping without id, five junk, two bad slices
        assertThat(f.metrics.snapshot().unmatched()).isEqualTo(1); // the well-formed error answers nothing
        assertThat(f.metrics.snapshot().internalErrors()).isZero();
    }

    @Test
    void anAnswerFromAnotherAddressDoesNotMatch() {
        InetSocketAddress real = addr(5);
        CompletableFuture<KrpcResponse> fut = f.node.query(real, f.node.ping());
        var tid = f.lastQuery().tid();
        assertThat(f.lastQuery().query()).isEqualTo(new Ping(f.node.id()));

        // same tid, wrong source (another IP, then the same IP on another port)
        f.deliver(addr(6), ResponseMessage.of(tid, new PingResponse(other)));
        f.deliver(new InetSocketAddress(real.getAddress(), 6882), ResponseMessage.of(tid, new PingResponse(other)));
        assertThat(fut).isNotDone();
        assertThat(f.metrics.snapshot().unmatched()).isEqualTo(2);
        assertThat(f.node.routingTable4().size()).isZero();

        f.deliver(real, ResponseMessage.of(tid, new PingResponse(other)));
        assertThat(fut).isCompletedWithValue(new PingResponse(other));
        assertThat(f.node.routingTable4().contains(new NodeInfo(other, real))).isTrue();
        // a replay of the answer matches nothing any more
        f.deliver(real, ResponseMessage.of(tid, new PingResponse(other)));
        assertThat(f.metrics.snapshot().unmatched()).isEqualTo(3);
    }

    @Test
    void anErrorFailsTheQueryAndAnAnswerOfTheWrongShapeIsMalformed() {
        CompletableFuture<KrpcResponse> fut = f.node.query(addr(5), f.node.ping());
        f.deliver(addr(5), ErrorMessage.of(f.lastQuery().tid(), KrpcError.server("busy")));
        assertThat(reason(fut)).isEqualTo(QueryFailedException.Reason.ERROR_RESPONSE);

        CompletableFuture<KrpcResponse> fut2 = f.node.query(addr(5), f.node.getPeers(NodeFixture.hash(f.random)));
        // a get_peers answer needs nothing but an id; a BEP 51 one needs samples, interval and num
        CompletableFuture<KrpcResponse> fut3 = f.node.query(addr(6), f.node.sampleInfohashes(other));
        var tid3 = f.lastQuery().tid();
        f.deliver(addr(6), "d1:rd2:id20:abcdefghij01234567897:samples3:abce1:t2:".getBytes(StandardCharsets.ISO_8859_1));
        f.deliver(addr(6), ("d1:rd2:id20:abcdefghij01234567897:samples3:abce1:t2:"
                + new String(tid3.bytes(), StandardCharsets.ISO_8859_1) + "1:y1:re").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(reason(fut3)).isEqualTo(QueryFailedException.Reason.MALFORMED_RESPONSE);
        assertThat(fut2).isNotDone();
    }

    @Test
    void timeoutsFireOnVirtualTimeAndMarkTheNodeFailed() {
        VirtualNetwork net = new VirtualNetwork();
        DhtNode a = net.addNode();
        DhtNode b = net.addNode();
        InetSocketAddress bAddr = net.address(b);
        CompletableFuture<KrpcResponse> first = a.query(bAddr, a.ping());
        assertThat(net.runUntil(first::isDone, Duration.ofSeconds(1))).isTrue();
        NodeInfo bInfo = new NodeInfo(b.id(), bAddr);
        assertThat(a.routingTable4().contains(bInfo)).isTrue();
        assertThat(a.routingTable4().find(b.id()).orElseThrow().rtt().known()).isTrue();

        net.setOnline(bAddr, false);
        CompletableFuture<KrpcResponse> lost = a.query(bInfo, a.ping());
        // b answered in ~25 ms, so its adaptive timeout is the 400 ms floor, fired by a 100 ms tick
        net.runFor(Duration.ofMillis(350));
        assertThat(lost).isNotDone();
        net.runFor(Duration.ofMillis(200));
        assertThat(reason(lost)).isEqualTo(QueryFailedException.Reason.TIMEOUT);
        RoutingEntry e = a.routingTable4().find(b.id()).orElseThrow();
        assertThat(e.failures()).isEqualTo(1);
        assertThat(e.state()).isEqualTo(NodeState.QUESTIONABLE);
        assertThat(a.metrics().snapshot().timeouts()).isEqualTo(1);

        // a node that has measured nothing waits for the 2 s fallback
        DhtNode c = net.addNode();
        CompletableFuture<KrpcResponse> stranger = c.query(net.nextAddress(), c.ping());
        net.runFor(Duration.ofMillis(1900));
        assertThat(stranger).isNotDone();
        net.runFor(Duration.ofMillis(200));
        assertThat(reason(stranger)).isEqualTo(QueryFailedException.Reason.TIMEOUT);
    }

    @Test
    void nodesQueryEachOtherOverTheVirtualNetworkAndFillTheirTables() {
        VirtualNetwork net = new VirtualNetwork();
        List<DhtNode> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(net.addNode());
        }
        DhtNode hub = nodes.get(0);
        List<CompletableFuture<KrpcResponse>> pings = new ArrayList<>();
        for (DhtNode n : nodes.subList(1, nodes.size())) {
            pings.add(n.query(net.address(hub), n.ping()));
        }
        net.runFor(Duration.ofSeconds(2));
        assertThat(pings).allMatch(p -> p.isDone() && !p.isCompletedExceptionally());
        // queriers became ping candidates of the hub, its maintenance pings made them good entries
        assertThat(hub.routingTable4().size() + hub.routingTable4().replacementCount()).isEqualTo(19);
        CompletableFuture<KrpcResponse> find = nodes.get(1).query(net.address(hub), nodes.get(1).findNode(other));
        net.runUntil(find::isDone, Duration.ofSeconds(1));
        List<NodeInfo> got = ((FindNodeResponse) find.join()).nodes();
        assertThat(got).hasSize(8).isSortedAccordingTo(Comparator.comparing(n -> n.id().xor(other)));
        assertThat(nodes.get(1).routingTable4().candidateCount() + nodes.get(1).routingTable4().size()).isGreaterThan(1);
    }

    static QueryFailedException.Reason reason(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return ((QueryFailedException) e.getCause()).reason();
        }
    }
}
