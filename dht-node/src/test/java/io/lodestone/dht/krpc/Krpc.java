package io.lodestone.dht.krpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lodestone.types.CompactNode;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import io.lodestone.types.NodeInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shared helpers of the KRPC tests: datagrams written as Latin-1 strings, one char per byte. */
final class Krpc {

    static final Tid AA = Tid.of(bytes("aa"));
    static final NodeId ABC_ID = id("abcdefghij0123456789");
    static final NodeId MNO_ID = id("mnopqrstuvwxyz123456");

    private Krpc() {
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static NodeId id(String twentyChars) {
        return NodeId.of(bytes(twentyChars));
    }

    static InfoHash hash(String twentyChars) {
        return InfoHash.v1(bytes(twentyChars));
    }

    static InetSocketAddress addr(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port); // literals only, no DNS
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static NodeInfo node(String id20, String ip, int port) {
        return new NodeInfo(id(id20), addr(ip, port));
    }

    /** The compact {@code nodes}/{@code nodes6} string of {@code nodes}, as Latin-1. */
    static String compact(NodeInfo... nodes) {
        StringBuilder s = new StringBuilder();
        for (NodeInfo n : nodes) {
            s.append(latin1(CompactNode.encode(n)));
        }
        return s.toString();
    }

    static KrpcMessage decode(String datagram) {
        return KrpcCodec.decode(bytes(datagram));
    }

    static String encode(KrpcMessage m) {
        return latin1(KrpcCodec.encode(m));
    }

    /** Decodes, checks that re-encoding gives the same bytes, and returns the message. */
    static KrpcMessage roundTrip(String datagram) {
        KrpcMessage m = decode(datagram);
        assertThat(encode(m)).isEqualTo(datagram);
        assertThat(decode(encode(m))).isEqualTo(m);
        return m;
    }

    static ResponseMessage response(String datagram) {
        KrpcMessage m = decode(datagram);
        assertThat(m).isInstanceOf(ResponseMessage.class);
        return (ResponseMessage) m;
    }

    static KrpcQuery query(String datagram) {
        KrpcMessage m = decode(datagram);
        assertThat(m).isInstanceOf(QueryMessage.class);
        return ((QueryMessage) m).query();
    }

    static KrpcFormatException rejected(String datagram) {
        KrpcFormatException e = catchThrowableOfType(KrpcFormatException.class, () -> decode(datagram));
        assertThat(e).as("expected %s to be rejected", datagram).isNotNull();
        assertThat(e.reason()).isNotBlank().doesNotContain("\n");
        return e;
    }

    static KrpcFormatException rejectedTyped(ResponseMessage r, QueryMethod method) {
        KrpcFormatException e = catchThrowableOfType(KrpcFormatException.class, () -> r.typed(method));
        assertThat(e).as("expected typed(%s) to fail", method).isNotNull();
        assertThat(e.tid()).contains(r.tid());
        assertThat(e.isQuery()).isFalse();
        return e;
    }

    static List<NodeInfo> nodes(NodeInfo... n) {
        return List.of(n);
    }
}
