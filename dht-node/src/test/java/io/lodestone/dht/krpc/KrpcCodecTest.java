package io.lodestone.dht.krpc;

import static io.lodestone.dht.krpc.Krpc.AA;
import static io.lodestone.dht.krpc.Krpc.ABC_ID;
import static io.lodestone.dht.krpc.Krpc.MNO_ID;
import static io.lodestone.dht.krpc.Krpc.addr;
import static io.lodestone.dht.krpc.Krpc.bytes;
import static io.lodestone.dht.krpc.Krpc.decode;
import static io.lodestone.dht.krpc.Krpc.hash;
import static io.lodestone.dht.krpc.Krpc.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.bencode.BDict;
import io.lodestone.types.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Limits, context carried by failures, and what the records refuse to hold. */
class KrpcCodecTest {

    /** A ping padded with an unknown key to exactly {@code size} bytes. */
    private static String pingOfSize(int size) {
        String head = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:q1:z";
        int pad = size - head.length() - 1;
        // the length prefix itself takes room: find the padding that fills the size exactly
        for (int n = pad; n > 0; n--) {
            String s = head + n + ":" + "x".repeat(n) + "e";
            if (s.length() == size) {
                return s;
            }
        }
        throw new AssertionError("no padding for " + size);
    }

    @Test
    void datagramsUpToTheLimitAreRead() {
        assertThat(decode(pingOfSize(KrpcCodec.MAX_DATAGRAM_BYTES))).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        KrpcFormatException e = rejected(pingOfSize(KrpcCodec.MAX_DATAGRAM_BYTES + 1));
        assertThat(e.tid()).isEmpty(); // too big to even look at
    }

    @Test
    void decodingAnOffsetRangeLeavesTheBufferToTheCaller() {
        byte[] buf = bytes("junk" + "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe" + "junk");
        KrpcMessage m = KrpcCodec.decode(buf, 4, buf.length - 8);
        java.util.Arrays.fill(buf, (byte) 0);
        assertThat(m).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        assertThat(((QueryMessage) m).query().id()).isEqualTo(ABC_ID);
    }

    @Test
    void nestingAndItemCountFollowLibtorrent() {
        String deep = "l".repeat(KrpcCodec.MAX_DEPTH - 2) + "e".repeat(KrpcCodec.MAX_DEPTH - 2);
        // BEP 44 values can nest; at libtorrent's depth they are still answerable unknown queries
        assertThat(decode("d1:ad2:id20:abcdefghij01234567891:v" + deep + "e1:q3:put1:t2:aa1:y1:qe"))
                .isInstanceOf(QueryMessage.class);
        String deeper = "l" + deep + "e";
        KrpcFormatException e = rejected("d1:ad2:id20:abcdefghij01234567891:v" + deeper + "e1:q3:put1:t2:aa1:y1:qe");
        assertThat(e.tid()).isEmpty();
        String many = "l" + "i0e".repeat(KrpcCodec.MAX_ITEMS) + "e";
        rejected("d1:ad2:id20:abcdefghij01234567891:v" + many + "e1:q3:put1:t2:aa1:y1:qe");
    }

    @Test
    void nonCanonicalBencodeIsRejected() {
        rejected("d1:t2:aa1:ad2:id20:abcdefghij0123456789e1:q4:ping1:y1:qe"); // keys out of order
        rejected("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qee"); // trailing byte
        rejected("l1:ae");
        rejected("");
    }

    @Test
    void transactionIdsFromOneToSixteenBytes() {
        for (String t : List.of("a", "x".repeat(Tid.MAX_LENGTH))) {
            KrpcMessage m = decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t" + t.length() + ":" + t + "1:y1:qe");
            assertThat(m.tid()).isEqualTo(Tid.of(bytes(t)));
        }
        assertThat(Tid.ofShort(0x6161)).isEqualTo(AA);
    }

    @Test
    void clientVersionIsKeptWhenPlausibleAndDroppedOtherwise() {
        KrpcMessage lt = decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:v4:LT\1\2" + "1:y1:qe");
        assertThat(lt.version()).contains(ClientVersion.of(bytes("LT\1\2")));
        assertThat(lt.version().orElseThrow().toString()).isEqualTo("LT-0102");
        String tooLong = "x".repeat(ClientVersion.MAX_LENGTH + 1);
        KrpcMessage dropped = decode("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:v" + tooLong.length() + ":"
                + tooLong + "1:y1:qe");
        assertThat(dropped).isEqualTo(QueryMessage.of(AA, new Ping(ABC_ID)));
        rejected("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:vi4e1:y1:qe");
    }

    @Test
    void encodingRefusesWhatLibtorrentCouldNotRead() {
        List<NodeInfo> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(new NodeInfo(MNO_ID, addr("10.0.0." + (i + 1), 6881)));
        }
        FindNodeResponse fits = new FindNodeResponse(ABC_ID, many.subList(0, 50), List.of());
        assertThat(KrpcCodec.encode(ResponseMessage.of(AA, fits))).hasSizeLessThanOrEqualTo(KrpcCodec.MAX_DATAGRAM_BYTES);
        FindNodeResponse tooMany = new FindNodeResponse(ABC_ID, many, List.of());
        assertThatThrownBy(() -> KrpcCodec.encode(ResponseMessage.of(AA, tooMany)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessagesAreCappedSoEchoesFit() {
        String longReason = "\uD83D\uDE00".repeat(KrpcError.MAX_MESSAGE_CODE_POINTS + 10); // astral: 2 chars each
        KrpcError e = KrpcError.server(longReason);
        assertThat(e.message().codePointCount(0, e.message().length())).isEqualTo(KrpcError.MAX_MESSAGE_CODE_POINTS);
        ErrorMessage m = ErrorMessage.of(AA, e);
        assertThat(KrpcCodec.decode(KrpcCodec.encode(m))).isEqualTo(m);
    }

    @Test
    void errorMessagesThatAreNotUtf8ReadWithReplacements() {
        ErrorMessage m = (ErrorMessage) decode("d1:eli202e2:\u00ff!e1:t2:aa1:y1:ee");
        assertThat(m.error()).isEqualTo(KrpcError.server("\uFFFD!"));
        assertThat(KrpcCodec.decode(KrpcCodec.encode(m))).isEqualTo(m);
    }

    @Test
    void recordsRefuseWhatCannotBeEncodedFaithfully() {
        assertThatThrownBy(() -> new UnknownQuery("ping", ABC_ID, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownQuery("\u0100", ABC_ID, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnnouncePeer(ABC_ID, hash("mnopqrstuvwxyz123456"), 0, Token.of(bytes("t"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GetPeers(ABC_ID, io.lodestone.types.InfoHash.v2(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tid.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Token.of(new byte[Token.MAX_LENGTH + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseMessage(AA, Optional.empty(), Optional.empty(), BDict.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorMessage(AA, Optional.empty(),
                Optional.of(java.net.InetSocketAddress.createUnresolved("example.org", 1)), KrpcError.generic("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knownQueriesNameTheirMethod() {
        assertThat(new FindNode(ABC_ID, MNO_ID).method()).isEqualTo(QueryMethod.FIND_NODE);
        assertThat(new SampleInfohashes(ABC_ID, MNO_ID).methodName()).isEqualTo("sample_infohashes");
        for (QueryMethod m : QueryMethod.values()) {
            assertThat(QueryMethod.fromWire(m.wireName())).contains(m);
        }
        assertThat(QueryMethod.fromWire("PING")).isEmpty();
    }
}
