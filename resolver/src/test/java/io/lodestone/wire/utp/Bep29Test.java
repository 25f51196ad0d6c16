package io.lodestone.wire.utp;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.wire.utp.UtpPacket.Type;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BEP 29 packet layout on hand-written byte vectors, both ways, and the drops for malformed ones. */
class Bep29Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static UtpPacket decoded(byte[] d) {
        UtpDecoded r = UtpCodec.decode(d);
        assertThat(r).isInstanceOf(UtpDecoded.Packet.class);
        return ((UtpDecoded.Packet) r).packet();
    }

    private static String dropped(String hex) {
        UtpDecoded r = UtpCodec.decode(hex(hex));
        assertThat(r).isInstanceOf(UtpDecoded.Dropped.class);
        return ((UtpDecoded.Dropped) r).reason();
    }

    @Test
    void synHeaderFieldByField() {
        // type 4 (ST_SYN) version 1, no extension, id 0x1234, ts 0x01020304, diff 0, wnd 1 MiB, seq 1, ack 0
        byte[] wire = hex("41 00 1234 01020304 00000000 00100000 0001 0000");
        UtpPacket p = new UtpPacket(Type.SYN, 0x1234, 0x01020304, 0, 1 << 20, 1, 0, null, new byte[0]);
        assertThat(UtpCodec.encode(p)).isEqualTo(wire);
        assertThat(decoded(wire)).isEqualTo(p);
    }

    @Test
    void everyTypeHasItsCodeInTheHighNibble() {
        assertThat(Type.DATA.code()).isZero();
        assertThat(Type.FIN.code()).isEqualTo(1);
        assertThat(Type.STATE.code()).isEqualTo(2);
        assertThat(Type.RESET.code()).isEqualTo(3);
        assertThat(Type.SYN.code()).isEqualTo(4);
        for (Type t : Type.values()) {
            UtpPacket p = new UtpPacket(t, 7, 1, 2, 3, 4, 5, null, new byte[0]);
            assertThat(UtpCodec.encode(p)[0] & 0xFF).isEqualTo(t.code() << 4 | 1);
        }
    }

    @Test
    void unsignedFieldsKeepTheirTopBits() {
        byte[] wire = hex("01 00 ffff ffffffff fffffffe ffffffff ffff fffe 6869");
        UtpPacket p = decoded(wire);
        assertThat(p.connectionId()).isEqualTo(0xFFFF);
        assertThat(p.timestampMicros()).isEqualTo(-1);
        assertThat(p.timestampDiff()).isEqualTo(-2);
        assertThat(p.windowSize()).isEqualTo(0xFFFF_FFFFL);
        assertThat(p.seqNr()).isEqualTo(0xFFFF);
        assertThat(p.ackNr()).isEqualTo(0xFFFE);
        assertThat(p.payload()).isEqualTo("hi".getBytes());
        assertThat(UtpCodec.encode(p)).isEqualTo(wire);
    }

    @Test
    void selectiveAckBitsStartTwoPastTheAck() {
        // ST_STATE with extension 1: next 0, length 4, bits 0 and 9 set: ack_nr+2 and ack_nr+11 received
        byte[] wire = hex("21 01 0010 00000001 00000002 00010000 0005 0064 00 04 01020000");
        UtpPacket p = decoded(wire);
        assertThat(p.selectiveAck()).isEqualTo(hex("01020000"));
        assertThat(p.sacked(0x66)).isTrue();
        assertThat(p.sacked(0x65)).isFalse();
        assertThat(p.sacked(0x67)).isFalse();
        assertThat(p.sacked(0x64 + 11)).isTrue();
        assertThat(UtpCodec.encode(p)).isEqualTo(wire);
    }

    @Test
    void unknownExtensionsAreSkipped() {
        // extension 2 (libutp's 8 extension bits) then a selective ack, then a payload
        byte[] wire = hex("01 02 0010 00000001 00000002 00010000 0005 0064 01 08 0000000000000000 00 04 80000000 ab");
        UtpPacket p = decoded(wire);
        assertThat(p.selectiveAck()).isEqualTo(hex("80000000"));
        assertThat(p.payload()).isEqualTo(hex("ab"));
    }

    @Test
    void malformedPacketsAreDroppedWithAReason() {
        assertThat(dropped("41 00 1234")).contains("shorter than");
        assertThat(dropped("42 00 1234 01020304 00000000 00100000 0001 0000")).contains("version 2");
        assertThat(dropped("51 00 1234 01020304 00000000 00100000 0001 0000")).contains("unknown packet type 5");
        assertThat(dropped("21 01 1234 01020304 00000000 00100000 0001 0000 00")).contains("past the end");
        assertThat(dropped("21 01 1234 01020304 00000000 00100000 0001 0000 00 08 0000")).contains("past the end");
        assertThat(dropped("21 01 1234 01020304 00000000 00100000 0001 0000 00 03 000000")).contains("selective ack");
        assertThat(dropped("21 01 1234 01020304 00000000 00100000 0001 0000 01 04 00000000 00 04 00000000"))
                .contains("two selective acks");
        assertThat(dropped("21 00 1234 01020304 00000000 00100000 0001 0000 ff")).contains("payload");
        // a chain of extensions that loops on itself
        assertThat(dropped("21 07 1234 01020304 00000000 00100000 0001 0000 " + "07 00 ".repeat(12)))
                .contains("extensions");
    }

    @Test
    void aDhtMessageIsNotUtp() {
        byte[] krpc = "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".getBytes();
        assertThat(UtpCodec.looksLikeUtp(krpc, krpc.length)).isFalse();
        byte[] syn = hex("41 00 1234 01020304 00000000 00100000 0001 0000");
        assertThat(UtpCodec.looksLikeUtp(syn, syn.length)).isTrue();
    }
}
