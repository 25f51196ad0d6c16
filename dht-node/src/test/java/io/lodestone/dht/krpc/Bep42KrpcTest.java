package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static io.lodestone.dht.krpc.Krpc.addr;
import static io.lodestone.dht.krpc.Krpc.decode;
import static io.lodestone.dht.krpc.Krpc.encode;
import static io.lodestone.dht.krpc.Krpc.latin1;
import static io.lodestone.dht.krpc.Krpc.rejected;
import static io.lodestone.dht.krpc.Krpc.response;
import static io.lodestone.dht.krpc.Krpc.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.CompactPeer;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BEP 42: the top-level {@code ip} telling the receiver its address as the sender sees it. */
class Bep42KrpcTest {

    private static final InetSocketAddress V4 = addr("124.31.75.21", 6881);
    private static final InetSocketAddress V6 = addr("2001:db8::dead:beef", 51413);

    @Test
    void ipv4RoundTrip() {
        String datagram = "d2:ip6:" + latin1(CompactPeer.encode(V4))
                + "1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re";
        ResponseMessage r = (ResponseMessage) roundTrip(datagram);
        assertThat(r.ip()).contains(V4);
        assertThat(encode(ResponseMessage.of(AA, Optional.empty(), Optional.of(V4), new PingResponse(MNO_ID))))
                .isEqualTo(datagram);
    }

    @Test
    void ipv6RoundTrip() {
        String datagram = "d2:ip18:" + latin1(CompactPeer.encode(V6))
                + "1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re";
        ResponseMessage r = (ResponseMessage) roundTrip(datagram);
        assertThat(r.ip()).contains(V6);
    }

    @Test
    void errorsCarryItToo() {
        // libtorrent sets "ip" before it knows whether the answer is an error
        String datagram = "d1:eli203e13:invalid tokene2:ip6:" + latin1(CompactPeer.encode(V4)) + "1:t2:aa1:y1:ee";
        KrpcMessage m = roundTrip(datagram);
        assertThat(m).isEqualTo(new ErrorMessage(AA, Optional.empty(), Optional.of(V4),
                KrpcError.protocol("invalid token")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 5, 7, 16, 17, 19})
    void anIpOfAnotherLengthIsDroppedNotFatal(int length) {
        ResponseMessage r = response("d2:ip" + length + ":" + "\1".repeat(length)
                + "1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
        assertThat(r.ip()).isEmpty();
        assertThat(r.typed(QueryMethod.PING)).isEqualTo(new PingResponse(MNO_ID));
    }

    @Test
    void anIpWithPortZeroIsDropped() {
        ResponseMessage r = response("d2:ip6:\1\2\3\4\0\0" + "1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re");
        assertThat(r.ip()).isEmpty();
    }

    @Test
    void anIpOfTheWrongTypeIsRejected() {
        assertThat(rejected("d2:ipi1e1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re").tid()).contains(AA);
    }

    @Test
    void queriesDoNotCarryIt() {
        KrpcMessage m = decode("d1:ad2:id20:abcdefghij0123456789e2:ip6:" + latin1(CompactPeer.encode(V4))
                + "1:q4:ping1:t2:aa1:y1:qe");
        assertThat(m).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        assertThat(encode(m)).doesNotContain("2:ip");
    }
}
