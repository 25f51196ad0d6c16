package io.lodestone.client.pex;

import io.lodestone.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 11 ut_pex payloads: byte vectors, round trips and limits. */
class Bep11PexTest {

    static InetSocketAddress addr(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Builds a payload from text and raw parts: {@code b("d5:added6:", hex("01020304 1ae1"), "e")}. */
    static byte[] b(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] raw ? raw : ((String) p).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesAllSixKeysInBencodeOrder() {
        PexMessage m = new PexMessage(
                List.of(new PexPeer(addr("1.2.3.4", 6881), PexPeer.SEED | PexPeer.REACHABLE),
                        new PexPeer(addr("2001:db8::1", 443), PexPeer.SUPPORTS_UTP)),
                List.of(addr("10.0.0.1", 80)));
        assertThat(PexCodec.encode(m)).isEqualTo(b(
                "d5:added6:", hex("01020304 1ae1"),
                "7:added.f1:", hex("12"),
                "6:added618:", hex("20010db8000000000000000000000001 01bb"),
                "8:added6.f1:", hex("04"),
                "7:dropped6:", hex("0a000001 0050"),
                "8:dropped60:e"));
        assertThat(PexCodec.encode(PexMessage.EMPTY))
                .isEqualTo(b("d5:added0:7:added.f0:6:added60:8:added6.f0:7:dropped0:8:dropped60:e"));
    }

    @Test
    void decodesWhatLibtorrentSends() {
        byte[] payload = b("d5:added12:", hex("7f000001 1ae1 7f000002 1ae2"), "7:added.f2:", hex("10 03"),
                "7:dropped6:", hex("c0a80101 ffff"), "e");
        PexMessage m = PexCodec.decode(payload);
        assertThat(m.added()).containsExactly(new PexPeer(addr("127.0.0.1", 6881), PexPeer.REACHABLE),
                new PexPeer(addr("127.0.0.2", 6882), PexPeer.PREFERS_ENCRYPTION | PexPeer.SEED));
        assertThat(m.added().get(1).has(PexPeer.SEED)).isTrue();
        assertThat(m.dropped()).containsExactly(addr("192.168.1.1", 65535));
    }

    @Test
    void roundTripsBothFamilies() {
        List<PexPeer> added = new ArrayList<>();
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (int i = 0; i < PexCodec.MAX_ADDED; i++) {
            added.add(new PexPeer(addr("10.1.0." + i, 1000 + i), i % 32));
            added.add(new PexPeer(addr("fd00::" + Integer.toHexString(i + 1), 2000 + i), 0xff - i));
        }
        for (int i = 0; i < PexCodec.MAX_DROPPED; i++) {
            dropped.add(addr("10.2.0." + i, 3000 + i));
            dropped.add(addr("fd01::" + Integer.toHexString(i + 1), 4000 + i));
        }
        PexMessage m = new PexMessage(added, dropped);
        PexMessage back = PexCodec.decode(PexCodec.encode(m));
        assertThat(back.added()).containsExactlyInAnyOrderElementsOf(added);
        assertThat(back.dropped()).containsExactlyInAnyOrderElementsOf(dropped);
        assertThat(PexCodec.decode(PexCodec.encode(PexMessage.EMPTY)).isEmpty()).isTrue();
    }

    @Test
    void keepsAtMostFiftyPerListAndSkipsPortZero() {
        ByteArrayOutputStream peers = new ByteArrayOutputStream();
        peers.writeBytes(hex("01010101 0000")); // port 0: nobody to connect to
        for (int i = 0; i < 80; i++) {
            peers.writeBytes(new byte[] {10, 0, 0, (byte) i, 0x1a, (byte) 0xe1});
        }
        byte[] list = peers.toByteArray();
        byte[] flags = new byte[81];
        PexMessage m = PexCodec.decode(b("d5:added", list.length + ":", list, "7:added.f81:", flags,
                "7:dropped", list.length + ":", list, "e"));
        assertThat(m.added()).hasSize(PexCodec.MAX_ADDED);
        assertThat(m.added().getFirst().address()).isEqualTo(addr("10.0.0.0", 6881));
        assertThat(m.dropped()).hasSize(PexCodec.MAX_DROPPED);
    }

    @Test
    void flagsAreOptionalAndUnknownKeysIgnored() {
        PexMessage m = PexCodec.decode(b("d5:added6:", hex("01020304 0001"), "1:xi5e8:zzzzzzzzl1:aee"));
        assertThat(m.added()).containsExactly(new PexPeer(addr("1.2.3.4", 1), 0));
    }

    @Test
    void refusesMalformedMessages() {
        List<byte[]> bad = List.of(
                b("le"),
                b("i5e"),
                b("d5:added5:", hex("0102030405"), "e"),                       // not whole entries
                b("d6:added617:", hex("0102030405060708090a0b0c0d0e0f1011"), "e"),
                b("d5:addedi5ee"),                                              // wrong type
                b("d5:added6:", hex("01020304 0001"), "7:added.f2:", hex("0000"), "e"), // flags do not match
                b("d7:added.f1:", hex("00"), "e"),                              // flags without peers
                b("d7:dropped7:", hex("01020304000102"), "e"),
                b("d5:added0:e", "x"),                                          // trailing bytes
                b("d5:added0:5:added0:e"),                                      // duplicate key
                b("d7:dropped0:5:added0:e"),                                    // unsorted keys
                new byte[PexCodec.MAX_PAYLOAD_LENGTH + 1],
                new byte[0]);
        for (byte[] payload : bad) {
            assertThatThrownBy(() -> PexCodec.decode(payload)).as(new String(payload, StandardCharsets.ISO_8859_1))
                    .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void encoderRefusesMoreThanTheLimit() {
        List<PexPeer> many = new ArrayList<>();
        for (int i = 0; i <= PexCodec.MAX_ADDED; i++) {
            many.add(PexPeer.of(addr("10.0.1." + i, 5000)));
        }
        assertThatThrownBy(() -> PexCodec.encode(new PexMessage(many, List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PexPeer(InetSocketAddress.createUnresolved("example.org", 1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PexPeer(addr("1.2.3.4", 0), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PexPeer(addr("1.2.3.4", 1), 256)).isInstanceOf(IllegalArgumentException.class);
    }
}
