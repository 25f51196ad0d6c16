package io.lodestone.dht.krpc;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The fuzzer's seeds: valid datagrams of every kind, with every optional field somewhere. */
final class KrpcCorpus {

    private KrpcCorpus() {
    }

    static List<byte[]> datagrams() {
        Random rnd = new Random(42);
        NodeId me = NodeId.random(rnd);
        NodeId other = NodeId.random(rnd);
        Tid t2 = Tid.ofShort(0x1234);
        Tid t4 = Tid.of(new byte[] {1, 2, 3, 4});
        Optional<ClientVersion> lt = Optional.of(ClientVersion.of(new byte[] {'L', 'T', 2, 0}));
        InfoHash ih = InfoHash.v1(NodeId.random(rnd).bytes());
        Token token = Token.of(new byte[] {9, 8, 7, 6});
        InetSocketAddress v4 = addr("203.0.113.7", 6881);
        InetSocketAddress v6 = addr("2001:db8::1234", 51413);
        List<NodeInfo> nodes = List.of(new NodeInfo(NodeId.random(rnd), addr("198.51.100.1", 6881)),
                new NodeInfo(NodeId.random(rnd), addr("198.51.100.2", 1)),
                new NodeInfo(NodeId.random(rnd), addr("10.1.2.3", 65535)));
        List<NodeInfo> nodes6 = List.of(new NodeInfo(NodeId.random(rnd), addr("2001:db8::1", 6881)),
                new NodeInfo(NodeId.random(rnd), addr("::ffff:1.2.3.4", 6882)));
        List<InfoHash> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(InfoHash.v1(NodeId.random(rnd).bytes()));
        }
        List<KrpcMessage> messages = List.of(
                QueryMessage.of(t2, new Ping(me)),
                new QueryMessage(t4, lt, true, new FindNode(me, other, Optional.of(Want.BOTH))),
                new QueryMessage(t2, lt, false, new GetPeers(me, ih, Optional.of(Want.N6), true, true)),
                QueryMessage.of(t2, new AnnouncePeer(me, ih, 0, true, token, true)),
                QueryMessage.of(t4, new AnnouncePeer(me, ih, 6881, token)),
                QueryMessage.of(t2, new SampleInfohashes(me, other, Optional.of(Want.N4))),
                QueryMessage.of(t2, new UnknownQuery("get", me, Optional.of(other), Optional.of(Want.NEITHER))),
                QueryMessage.of(t2, new UnknownQuery("vote", me, Optional.empty(), Optional.empty())),
                ResponseMessage.of(t2, lt, Optional.of(v4), new PingResponse(other)),
                ResponseMessage.of(t4, Optional.empty(), Optional.of(v6), new FindNodeResponse(other, nodes, nodes6)),
                ResponseMessage.of(t2, lt, Optional.empty(), new GetPeersResponse(other, Optional.of(token),
                        List.of(v4, addr("192.0.2.9", 80), v6), nodes.subList(0, 2), List.of())),
                ResponseMessage.of(t2, new GetPeersResponse(other, Optional.empty(), List.of(), nodes, nodes6)),
                ResponseMessage.of(t2, lt, Optional.of(v4), new SampleInfohashesResponse(other, 3600, 1234, samples,
                        nodes, nodes6.subList(0, 1))),
                ErrorMessage.of(t2, KrpcError.generic("A Generic Error Ocurred")),
                new ErrorMessage(t4, lt, Optional.of(v4), KrpcError.protocol("invalid token")),
                new ErrorMessage(t2, Optional.empty(), Optional.of(v6), KrpcError.methodUnknown("")));
        List<byte[]> out = new ArrayList<>();
        messages.forEach(m -> out.add(KrpcCodec.encode(m)));
        for (String s : List.of(
                "d1:rd2:id20:mnopqrstuvwxyz1234561:pi6881ee1:t2:aa1:y1:re",
                "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re",
                "d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e"
                        + "5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe",
                "d1:ad2:id20:abcdefghij01234567891:vd1:kl1:xd1:yli1eeeeee1:q3:put1:t2:aa1:y1:qe")) {
            out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return List.copyOf(out);
    }

    private static InetSocketAddress addr(String literal, int port) {
        try {
            InetAddress a = InetAddress.getByName(literal); // literals only, no DNS
            if (literal.startsWith("::ffff:")) {
                // Java turns IPv4-mapped literals into IPv4; the wire keeps them IPv6
                byte[] b = new byte[16];
                b[10] = (byte) 0xff;
                b[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, b, 12, 4);
                a = Inet6Address.getByAddress(null, b, -1);
            }
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
