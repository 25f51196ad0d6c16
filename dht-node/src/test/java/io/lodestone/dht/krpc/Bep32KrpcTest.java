package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static io.lodestone.dht.krpc.Krpc.addr;
import static io.lodestone.dht.krpc.Krpc.bytes;
import static io.lodestone.dht.krpc.Krpc.compact;
import static io.lodestone.dht.krpc.Krpc.hash;
import static io.lodestone.dht.krpc.Krpc.node;
import static io.lodestone.dht.krpc.Krpc.query;
import static io.lodestone.dht.krpc.Krpc.rejected;
import static io.lodestone.dht.krpc.Krpc.response;
import static io.lodestone.dht.krpc.Krpc.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.types.NodeInfo;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 32: {@code want} in queries, {@code nodes6} and IPv6 peers in responses. */
class Bep32KrpcTest {

    private static final NodeInfo V4 = node("mnopqrstuvwxyz123456", "1.2.3.4", 6881);
    private static final NodeInfo V6 = node("0123456789abcdefghij", "2001:db8::1", 6881);
    private static final NodeInfo V6B = node("ABCDEFGHIJ0123456789", "2001:db8:ffff::42", 1);

    @Test
    void findNodeWantingBothFamilies() {
        KrpcMessage m = roundTrip("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz1234564:wantl2:n42:n6ee"
                + "1:q9:find_node1:t2:aa1:y1:qe");
        assertThat(m).isEqualTo(QueryMessage.of(AA, new FindNode(ABC_ID, MNO_ID, Optional.of(Want.BOTH))));
    }

    @Test
    void getPeersAndSampleInfohashesCarryWantToo() {
        KrpcQuery g = query("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:wantl2:n6ee"
                + "1:q9:get_peers1:t2:aa1:y1:qe");
        assertThat(g).isEqualTo(new GetPeers(ABC_ID, hash("mnopqrstuvwxyz123456"), Optional.of(Want.N6), false, false));
        KrpcQuery s = query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz1234564:wantl2:n4ee"
                + "1:q17:sample_infohashes1:t2:aa1:y1:qe");
        assertThat(s).isEqualTo(new SampleInfohashes(ABC_ID, MNO_ID, Optional.of(Want.N4)));
    }

    @Test
    void anEmptyWantIsNotAnAbsentOne() {
        FindNode empty = (FindNode) roundTripQuery("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456"
                + "4:wantlee1:q9:find_node1:t2:aa1:y1:qe");
        assertThat(empty.want()).contains(Want.NEITHER);
        FindNode absent = (FindNode) roundTripQuery("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456"
                + "e1:q9:find_node1:t2:aa1:y1:qe");
        assertThat(absent.want()).isEmpty();
    }

    @Test
    void unknownWantEntriesAreIgnored() {
        FindNode f = (FindNode) query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz1234564:wantl"
                + "2:n52:n4i6e3:n6x2:N62:n6ee1:q9:find_node1:t2:aa1:y1:qe");
        assertThat(f.want()).contains(Want.BOTH);
        FindNode none = (FindNode) query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz1234564:wantl"
                + "2:n5li4eeee1:q9:find_node1:t2:aa1:y1:qe");
        assertThat(none.want()).contains(Want.NEITHER);
    }

    @Test
    void wantOfTheWrongTypeIsAnErrorForKnownMethodsOnly() {
        assertThat(rejected("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz1234564:want2:n4e"
                + "1:q9:find_node1:t2:aa1:y1:qe").answerable()).isTrue();
        UnknownQuery u = (UnknownQuery) query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456"
                + "4:want2:n4e1:q3:get1:t2:aa1:y1:qe");
        assertThat(u.want()).isEmpty();
        UnknownQuery listed = (UnknownQuery) query("d1:ad2:id20:abcdefghij01234567896:target20:mnopqrstuvwxyz123456"
                + "4:wantl2:n6ee1:q3:get1:t2:aa1:y1:qe");
        assertThat(listed.want()).contains(Want.N6);
    }

    @Test
    void nodes6OnlyAnswer() {
        String datagram = "d1:rd2:id20:abcdefghij01234567896:nodes676:" + compact(V6, V6B) + "e1:t2:aa1:y1:re";
        ResponseMessage r = (ResponseMessage) roundTrip(datagram);
        FindNodeResponse f = (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
        assertThat(f).isEqualTo(new FindNodeResponse(ABC_ID, List.of(), List.of(V6, V6B)));
        // with IPv6 nodes present no empty "nodes" is written
        assertThat(Krpc.encode(ResponseMessage.of(AA, f))).isEqualTo(datagram);
    }

    @Test
    void bothFamiliesInOneAnswer() {
        ResponseMessage r = (ResponseMessage) roundTrip("d1:rd2:id20:abcdefghij01234567895:nodes26:" + compact(V4)
                + "6:nodes638:" + compact(V6) + "5:token2:tke1:t2:aa1:y1:re");
        GetPeersResponse g = (GetPeersResponse) r.typed(QueryMethod.GET_PEERS);
        assertThat(g.nodes()).containsExactly(V4);
        assertThat(g.nodes6()).containsExactly(V6);
    }

    @Test
    void ipv6PeersShareTheValuesList() {
        String v6peer = Krpc.latin1(io.lodestone.types.CompactPeer.encode(addr("2001:db8::7", 51413)));
        ResponseMessage r = (ResponseMessage) roundTrip("d1:rd2:id20:abcdefghij01234567895:token2:tk6:valuesl"
                + "6:axje.u18:" + v6peer + "ee1:t2:aa1:y1:re");
        GetPeersResponse g = (GetPeersResponse) r.typed(QueryMethod.GET_PEERS);
        assertThat(g.values()).containsExactly(addr("97.120.106.101", 0x2e75), addr("2001:db8::7", 51413));
    }

    @Test
    void misalignedNodes6AreDroppedAndTheRestKept() {
        ResponseMessage r = response("d1:rd2:id20:abcdefghij01234567895:nodes26:" + compact(V4)
                + "6:nodes637:" + compact(V6).substring(1) + "e1:t2:aa1:y1:re");
        FindNodeResponse f = (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
        assertThat(f.nodes()).containsExactly(V4);
        assertThat(f.nodes6()).isEmpty();
    }

    @Test
    void ipv4MappedNodesInNodes6StayIpv6() {
        NodeInfo mapped = new NodeInfo(MNO_ID, new java.net.InetSocketAddress(
                ipv6(bytes("\0\0\0\0\0\0\0\0\0\0\u00ff\u00ff\1\2\3\4")), 6881));
        ResponseMessage r = response("d1:rd2:id20:abcdefghij01234567896:nodes638:" + compact(mapped)
                + "e1:t2:aa1:y1:re");
        FindNodeResponse f = (FindNodeResponse) r.typed(QueryMethod.FIND_NODE);
        assertThat(f.nodes6()).containsExactly(mapped);
        assertThat(f.nodes6().get(0).address().getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void recordsKeepEachFamilyInItsField() {
        assertThatThrownBy(() -> new FindNodeResponse(ABC_ID, List.of(V6), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GetPeersResponse(ABC_ID, Optional.empty(), List.of(), List.of(), List.of(V4)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static KrpcQuery roundTripQuery(String datagram) {
        return ((QueryMessage) roundTrip(datagram)).query();
    }

    private static java.net.InetAddress ipv6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
