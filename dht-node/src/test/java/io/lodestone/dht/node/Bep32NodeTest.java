package io.lodestone.dht.node;

import static io.lodestone.dht.node.NodeFixture.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.dht.krpc.AnnouncePeer;
import io.lodestone.dht.krpc.FindNode;
import io.lodestone.dht.krpc.FindNodeResponse;
import io.lodestone.dht.krpc.GetPeers;
import io.lodestone.dht.krpc.GetPeersResponse;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.PingResponse;
import io.lodestone.dht.krpc.QueryMessage;
import io.lodestone.dht.krpc.QueryMethod;
import io.lodestone.dht.krpc.ResponseMessage;
import io.lodestone.dht.krpc.Want;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BEP 32: two routing tables, {@code want}, {@code nodes6}, IPv6 peers. */
class Bep32NodeTest {

    private final NodeFixture f = new NodeFixture();
    private final NodeId other = NodeId.random(f.random);
    private final NodeId target = NodeId.random(f.random);

    static InetSocketAddress v6(int n) {
        return NodeFixture.addr("2001:db8:" + Integer.toHexString(n) + "::1", 6881);
    }

    @BeforeEach
    void fillBothTables() {
        f.fillTable(20, 100);
        for (int i = 0; i < 20; i++) {
            NodeInfo peer = new NodeInfo(NodeId.random(f.random), v6(100 + i));
            f.respond(peer, f.node.query(peer.address(), f.node.ping()));
        }
        assertThat(f.node.routingTable6().size()).isGreaterThanOrEqualTo(8);
        assertThat(f.node.routingTable4().size()).isGreaterThanOrEqualTo(8);
    }

    private FindNodeResponse findNode(InetSocketAddress from, Optional<Want> want) {
        ResponseMessage r = (ResponseMessage) f.ask(from, new FindNode(other, target, want));
        return (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
    }

    @Test
    void withoutWantTheRequestersFamilyIsAnswered() {
        FindNodeResponse over4 = findNode(addr(1), Optional.empty());
        assertThat(over4.nodes()).containsExactlyElementsOf(f.node.routingTable4().closest(target, 8));
        assertThat(over4.nodes6()).isEmpty();
        FindNodeResponse over6 = findNode(v6(1), Optional.empty());
        assertThat(over6.nodes()).isEmpty();
        assertThat(over6.nodes6()).containsExactlyElementsOf(f.node.routingTable6().closest(target, 8));
    }

    @Test
    void wantPicksTheFamilies() {
        assertThat(findNode(addr(1), Optional.of(Want.N6)).nodes()).isEmpty();
        assertThat(findNode(addr(1), Optional.of(Want.N6)).nodes6()).hasSize(8);
        FindNodeResponse both = findNode(addr(1), Optional.of(Want.BOTH));
        assertThat(both.nodes()).hasSize(8);
        assertThat(both.nodes6()).hasSize(8);
        FindNodeResponse neither = findNode(v6(1), Optional.of(Want.NEITHER));
        assertThat(neither.nodes()).isEmpty();
        assertThat(neither.nodes6()).isEmpty();
        GetPeersResponse gp = (GetPeersResponse) ((ResponseMessage) f.ask(addr(1),
                new GetPeers(other, NodeFixture.hash(f.random), Optional.of(Want.BOTH), false, false)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(gp.nodes()).hasSize(8);
        assertThat(gp.nodes6()).hasSize(8);
    }

    @Test
    void ipv6PeersGoToIpv6RequestersAndIpv4ToIpv4() {
        InfoHash ih = NodeFixture.hash(f.random);
        for (InetSocketAddress a : List.of(addr(1), v6(1), v6(2))) {
            f.ask(a, new AnnouncePeer(other, ih, 7000, f.node.tokens().token(a.getAddress())));
        }
        GetPeersResponse to6 = (GetPeersResponse) ((ResponseMessage) f.ask(v6(3), new GetPeers(other, ih)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(to6.values()).containsExactlyInAnyOrder(
                new InetSocketAddress(v6(1).getAddress(), 7000), new InetSocketAddress(v6(2).getAddress(), 7000));
        GetPeersResponse to4 = (GetPeersResponse) ((ResponseMessage) f.ask(addr(3), new GetPeers(other, ih)))
                .typed(QueryMethod.GET_PEERS);
        assertThat(to4.values()).containsExactly(new InetSocketAddress(addr(1).getAddress(), 7000));
    }

    @Test
    void valuesAreCutToWhatFitsInOneDatagramBesideTheNodes() {
        InfoHash ih4 = NodeFixture.hash(f.random); // the 100 peers a hash keeps, all of one family
        InfoHash ih6 = NodeFixture.hash(f.random);
        for (int i = 0; i < 100; i++) {
            InetSocketAddress a4 = addr(2000 + i);
            InetSocketAddress a6 = v6(2000 + i);
            f.ask(a4, new AnnouncePeer(other, ih4, 7000, f.node.tokens().token(a4.getAddress())));
            f.ask(a6, new AnnouncePeer(other, ih6, 7000, f.node.tokens().token(a6.getAddress())));
        }
        f.ask(v6(3), new GetPeers(other, ih6, Optional.of(Want.BOTH), false, false));
        byte[] to6 = f.sent.get(0).datagram();
        GetPeersResponse r6 = (GetPeersResponse) ((ResponseMessage) f.sent.get(0).decoded()).typed(QueryMethod.GET_PEERS);
        f.ask(addr(3), new GetPeers(other, ih4, Optional.of(Want.BOTH), false, false));
        byte[] to4 = f.sent.get(0).datagram();
        GetPeersResponse r4 = (GetPeersResponse) ((ResponseMessage) f.sent.get(0).decoded()).typed(QueryMethod.GET_PEERS);
        // 8 + 8 nodes take ~600 bytes: ~40 IPv6 peers (21 bytes each) fill the rest, 100 IPv4 ones (8 bytes) fit
        assertThat(r6.values()).hasSizeBetween(35, 45);
        assertThat(to6.length).isLessThanOrEqualTo(1500).isGreaterThan(1500 - 21 - 9);
        assertThat(r4.values()).hasSize(100);
        assertThat(to4.length).isLessThanOrEqualTo(1500);
        assertThat(r6.nodes()).hasSize(8);
        assertThat(r6.nodes6()).hasSize(8);
    }

    @Test
    void learnedNodes6FeedTheIpv6TableButNotMappedOrPrivateOnes() throws UnknownHostException {
        int before = f.node.routingTable6().candidateCount();
        CompletableFuture<KrpcResponse> fut = f.node.query(addr(50), f.node.findNode(target, Want.BOTH));
        var tid = f.lastQuery().tid();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 20;
        mapped[15] = 9;
        List<NodeInfo> nodes6 = new ArrayList<>();
        nodes6.add(new NodeInfo(NodeId.random(f.random), new InetSocketAddress(
                Inet6Address.getByAddress(null, mapped, -1), 6881)));
        nodes6.add(new NodeInfo(NodeId.random(f.random), NodeFixture.addr("fd00::1", 6881)));
        nodes6.add(new NodeInfo(NodeId.random(f.random), NodeFixture.addr("fe80::1", 6881)));
        for (int i = 0; i < 3; i++) {
            nodes6.add(new NodeInfo(NodeId.random(f.random), v6(500 + i)));
        }
        f.deliver(addr(50), ResponseMessage.of(tid, new FindNodeResponse(other, List.of(), nodes6)));
        assertThat(fut).isCompleted();
        List<NodeInfo> heard = new ArrayList<>(f.node.routingTable6().candidates());
        heard.removeIf(n -> !nodes6.contains(n));
        assertThat(heard).containsExactlyInAnyOrderElementsOf(nodes6.subList(3, 6));
        assertThat(f.node.routingTable6().candidateCount()).isEqualTo(before + 3);
    }

    @Test
    void anIpv4MappedSourceIsTreatedAsIpv4() throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(addr(7).getAddress().getAddress(), 0, b, 12, 4);
        InetSocketAddress mapped = new InetSocketAddress(Inet6Address.getByAddress(null, b, -1), 6881);
        f.sent.clear();
        f.deliver(mapped, QueryMessage.of(f.tid(), new FindNode(other, target)));
        ResponseMessage r = (ResponseMessage) f.sent.get(0).decoded();
        assertThat(f.sent.get(0).to()).isEqualTo(mapped); // answered where it came from
        assertThat(r.ip()).contains(addr(7)); // but seen as the IPv4 address it is
        FindNodeResponse typed = (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
        assertThat(typed.nodes()).hasSize(8);
        assertThat(typed.nodes6()).isEmpty();
        // and an answer from the plain IPv4 form matches a query sent to the mapped form
        CompletableFuture<KrpcResponse> fut = f.node.query(mapped, f.node.ping());
        f.deliver(addr(7), ResponseMessage.of(f.lastQuery().tid(), new PingResponse(other)));
        assertThat(fut).isCompletedWithValue(new PingResponse(other));
    }
}
