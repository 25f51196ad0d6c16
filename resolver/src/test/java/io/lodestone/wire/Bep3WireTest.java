package io.lodestone.wire;

import io.lodestone.types.InfoHash;
import io.lodestone.wire.PeerMessage.Bitfield;
import io.lodestone.wire.PeerMessage.Cancel;
import io.lodestone.wire.PeerMessage.Choke;
import io.lodestone.wire.PeerMessage.Have;
import io.lodestone.wire.PeerMessage.Interested;
import io.lodestone.wire.PeerMessage.KeepAlive;
import io.lodestone.wire.PeerMessage.NotInterested;
import io.lodestone.wire.PeerMessage.Piece;
import io.lodestone.wire.PeerMessage.Port;
import io.lodestone.wire.PeerMessage.Request;
import io.lodestone.wire.PeerMessage.Unchoke;
import io.lodestone.wire.PeerMessage.UnknownMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.lodestone.wire.WireFixtures.ascii;
import static io.lodestone.wire.WireFixtures.concat;
import static io.lodestone.wire.WireFixtures.hex;
import static io.lodestone.wire.WireFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 3 handshake and messages (with the BEP 5 port message), and the frame decoder. */
class Bep3WireTest {

    private static final String INFO_HASH = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private static final byte[] PEER_ID = ascii("-LS0001-abcdefghijkl");

    // ---- handshake ----

    @Test
    void handshakeHasTheLayoutOfBep3() {
        Handshake h = Handshake.of(InfoHash.fromHex(INFO_HASH), PEER_ID,
                ReservedBit.EXTENSION_PROTOCOL, ReservedBit.FAST_EXTENSION, ReservedBit.DHT);

        // 19, "BitTorrent protocol", reserved (byte 5 = 0x10, byte 7 = 0x04|0x01), info-hash, peer id
        byte[] expected = concat(hex("13"), ascii("BitTorrent protocol"), hex("00 00 00 00 00 10 00 05"),
                hex(INFO_HASH), PEER_ID);
        assertThat(h.encode()).hasSize(Handshake.LENGTH).isEqualTo(expected);
        assertThat(Handshake.decode(expected)).isEqualTo(h);
        assertThat(h.supportsExtensionProtocol()).isTrue();
        assertThat(h.supportsFastExtension()).isTrue();
        assertThat(h.supportsDht()).isTrue();
        assertThat(h.supportsV2Upgrade()).isFalse();
    }

    @Test
    void plainHandshakeHasAllReservedBitsClear() {
        Handshake h = Handshake.decode(concat(hex("13"), ascii("BitTorrent protocol"), new byte[8], hex(INFO_HASH), PEER_ID));

        assertThat(h.reserved()).containsOnly(0);
        assertThat(h.infoHash()).isEqualTo(InfoHash.fromHex(INFO_HASH));
        assertThat(h.peerId()).isEqualTo(PEER_ID);
        for (ReservedBit b : ReservedBit.values()) {
            assertThat(h.has(b)).as(b.name()).isFalse();
        }
    }

    @Test
    void unknownReservedBitsSurviveARoundTrip() {
        byte[] reserved = hex("ff ff ff ff ff ff ff ff");
        Handshake h = new Handshake(reserved, InfoHash.fromHex(INFO_HASH), PEER_ID);

        assertThat(Handshake.decode(h.encode()).reserved()).isEqualTo(reserved);
    }

    @Test
    void v2InfoHashIsTruncatedOnTheWire() {
        InfoHash v2 = InfoHash.fromHex("d8dd32ac93357c368556af3ac1d95c9d76bd0dff6fa9833ecdac3d53134efabb");
        Handshake h = Handshake.of(v2, PEER_ID, ReservedBit.V2_UPGRADE);

        assertThat(h.infoHash()).isEqualTo(v2.truncated());
        assertThat(Arrays.copyOfRange(h.encode(), 28, 48)).isEqualTo(hex("d8dd32ac93357c368556af3ac1d95c9d76bd0dff"));
        assertThat(h.encode()[27]).isEqualTo((byte) 0x10);
        assertThat(Handshake.decode(h.encode())).isEqualTo(h);
    }

    @Test
    void handshakeOfWrongLengthOrProtocolIsRejected() {
        byte[] good = Handshake.of(InfoHash.fromHex(INFO_HASH), PEER_ID).encode();

        assertThatThrownBy(() -> Handshake.decode(Arrays.copyOf(good, 67)))
                .isInstanceOf(WireFormatException.class).hasMessage("a handshake has 68 bytes, not 67");
        assertThatThrownBy(() -> Handshake.decode(Arrays.copyOf(good, 69))).isInstanceOf(WireFormatException.class);
        byte[] badLength = good.clone();
        badLength[0] = 18;
        assertThatThrownBy(() -> Handshake.decode(badLength))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("not a BitTorrent handshake");
        byte[] badName = good.clone();
        badName[1] = 'b';
        assertThatThrownBy(() -> Handshake.decode(badName)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new Handshake(new byte[7], InfoHash.fromHex(INFO_HASH), PEER_ID))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new Handshake(new byte[8], InfoHash.fromHex(INFO_HASH), new byte[19]))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void handshakeKeepsNoReferenceToCallerArrays() {
        byte[] id = PEER_ID.clone();
        Handshake h = new Handshake(new byte[8], InfoHash.fromHex(INFO_HASH), id);
        id[0] = 'X';
        h.peerId()[1] = 'X';

        assertThat(h.peerId()).isEqualTo(PEER_ID);
    }

    // ---- messages: exact bytes ----

    /** Each message and its frame, worked out by hand from BEP 3 (and BEP 5 for port). */
    static Map<PeerMessage, String> vectors() {
        Map<PeerMessage, String> v = new LinkedHashMap<>();
        v.put(new KeepAlive(), "00000000");
        v.put(new Choke(), "00000001 00");
        v.put(new Unchoke(), "00000001 01");
        v.put(new Interested(), "00000001 02");
        v.put(new NotInterested(), "00000001 03");
        v.put(new Have(0x0102_0304), "00000005 04 01020304");
        v.put(new Bitfield(hex("ff 80")), "00000003 05 ff80");
        v.put(new Request(1, 0x4000, 0x4000), "0000000d 06 00000001 00004000 00004000");
        v.put(new Piece(1, 0x4000, hex("de ad be ef")), "0000000d 07 00000001 00004000 deadbeef");
        v.put(new Cancel(1, 0x4000, 0x4000), "0000000d 08 00000001 00004000 00004000");
        v.put(new Port(6881), "00000003 09 1ae1");
        return v;
    }

    @Test
    void everyMessageHasItsExactBytes() {
        vectors().forEach((m, frame) -> {
            assertThat(PeerMessageCodec.encode(m)).as(m.toString()).isEqualTo(hex(frame));
            assertThat(PeerMessageCodec.decodeFrame(hex(frame))).as(frame).isEqualTo(m);
            assertThat(PeerMessageCodec.bodyLength(m)).isEqualTo(hex(frame).length - 4);
        });
    }

    @Test
    void largestValuesRoundTrip() {
        List<PeerMessage> ms = List.of(new Have(Integer.MAX_VALUE), new Port(65535), new Port(0),
                new Request(Integer.MAX_VALUE, Integer.MAX_VALUE, PeerMessage.MAX_BLOCK_LENGTH),
                new Piece(0, 0, new byte[PeerMessage.MAX_BLOCK_LENGTH]), new Bitfield(new byte[0]));
        for (PeerMessage m : ms) {
            assertThat(PeerMessageCodec.decodeFrame(PeerMessageCodec.encode(m))).isEqualTo(m);
        }
    }

    @Test
    void bitfieldReadsHighBitFirst() {
        Bitfield b = new Bitfield(hex("a0 01"));

        assertThat(b.has(0)).isTrue();
        assertThat(b.has(1)).isFalse();
        assertThat(b.has(2)).isTrue();
        assertThat(b.has(15)).isTrue();
        assertThat(b.has(16)).isFalse();
        assertThat(b.has(-1)).isFalse();
    }

    @Test
    void fixedSizePayloadsMustHaveTheirSize() {
        assertRejected("00000002 00 00", "choke carries 1 payload bytes, not 0");
        assertRejected("00000002 03 00", "not interested carries 1 payload bytes, not 0");
        assertRejected("00000004 04 000001", "have carries 3 payload bytes, not 4");
        assertRejected("00000006 04 0000000100", "have carries 5 payload bytes, not 4");
        assertRejected("0000000c 06 00000001 00000000 000040", "request carries 11 payload bytes, not 12");
        assertRejected("0000000e 08 00000001 00000000 00004000 00", "cancel carries 13 payload bytes, not 12");
        assertRejected("00000002 09 1a", "port carries 1 payload bytes, not 2");
        assertRejected("00000004 09 1ae100", "port carries 3 payload bytes, not 2");
        assertRejected("00000008 07 00000001 000040", "piece carries 7 bytes, less than its 8-byte header");
    }

    @Test
    void indicesAndLengthsOutsideTheirRangeAreRejected() {
        assertRejected("00000005 04 80000000", "have piece index 2147483648 is 2^31 or more");
        assertRejected("0000000d 06 00000001 ffffffff 00004000", "request offset 4294967295 is 2^31 or more");
        assertRejected("0000000d 06 00000001 00000000 00000000", "request length 0 outside 1..131072");
        assertRejected("0000000d 06 00000001 00000000 00020001", "request length 131073 outside 1..131072");
        assertRejected("00000009 07 00000001 00000000", "piece length 0 outside 1..131072");
    }

    @Test
    void unknownIdsAreKeptWhole() {
        PeerMessage m = PeerMessageCodec.decodeFrame(hex("00000004 15 010203"));

        assertThat(m).isEqualTo(new UnknownMessage(0x15, hex("01 02 03")));
        assertThat(PeerMessageCodec.encode(m)).isEqualTo(hex("00000004 15 010203"));
        assertThat(PeerMessageCodec.decodeFrame(hex("00000001 ff"))).isEqualTo(new UnknownMessage(255, new byte[0]));
        assertThatThrownBy(() -> new UnknownMessage(PeerMessage.HAVE, new byte[4])).isInstanceOf(WireFormatException.class);
    }

    @Test
    void frameWhosePrefixDisagreesWithItsLengthIsRejected() {
        assertThatThrownBy(() -> PeerMessageCodec.decodeFrame(hex("00000002 00")))
                .isInstanceOf(WireFormatException.class).hasMessage("frame length prefix says 2 but 1 bytes follow");
        assertThatThrownBy(() -> PeerMessageCodec.decodeFrame(hex("000000"))).isInstanceOf(WireFormatException.class);
    }

    // ---- frame decoder ----

    private static List<PeerMessage> sampleStream() {
        List<PeerMessage> ms = new ArrayList<>(vectors().keySet());
        ms.add(new UnknownMessage(0x16, hex("0102")));
        ms.add(new KeepAlive());
        return ms;
    }

    @Test
    void wholeStreamInOneChunkDecodesEveryMessage() {
        assertThat(new FrameDecoder().feed(stream(sampleStream()))).isEqualTo(sampleStream());
    }

    @Test
    void streamSplitAtEveryPairOfPointsDecodesTheSame() {
        List<PeerMessage> expected = sampleStream();
        byte[] s = stream(expected);
        int cases = 0;
        for (int i = 0; i <= s.length; i++) {
            for (int j = i; j <= s.length; j++) {
                FrameDecoder d = new FrameDecoder();
                List<PeerMessage> got = new ArrayList<>(d.feed(s, 0, i));
                got.addAll(d.feed(s, i, j - i));
                got.addAll(d.feed(s, j, s.length - j));
                assertThat(got).as("split at %d and %d", i, j).isEqualTo(expected);
                assertThat(d.buffered()).isZero();
                cases++;
            }
        }
        assertThat(cases).isEqualTo((s.length + 1) * (s.length + 2) / 2);
    }

    @Test
    void streamWithFullBlocksSplitAtEveryByteDecodesTheSame() {
        byte[] block = new byte[FrameDecoder.STANDARD_BLOCK];
        new Random(3).nextBytes(block);
        List<PeerMessage> expected = List.of(new Have(7), new Piece(7, 0, block), new Piece(7, 16384, block),
                new Bitfield(new byte[300]), new Unchoke());
        byte[] s = stream(expected);
        for (int i = 0; i <= s.length; i++) {
            FrameDecoder d = new FrameDecoder();
            List<PeerMessage> got = new ArrayList<>(d.feed(s, 0, i));
            got.addAll(d.feed(s, i, s.length - i));
            assertThat(got).as("split at %d", i).isEqualTo(expected);
        }
    }

    @Test
    void streamFedOneByteAtATimeOrInDirectBuffersDecodesTheSame() {
        List<PeerMessage> expected = sampleStream();
        byte[] s = stream(expected);
        FrameDecoder d = new FrameDecoder();
        List<PeerMessage> got = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            got.addAll(d.feed(s, i, 1));
            assertThat(d.buffered()).isLessThanOrEqualTo(s.length);
        }
        assertThat(got).isEqualTo(expected);

        ByteBuffer direct = ByteBuffer.allocateDirect(s.length).put(s).flip();
        assertThat(new FrameDecoder().feed(direct)).isEqualTo(expected);
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void frameOverTheLimitIsRejectedFromItsPrefixAlone() {
        FrameDecoder d = new FrameDecoder(FrameDecoder.MIN_MAX_FRAME_LENGTH);

        assertThatThrownBy(() -> d.feed(hex("0000400a")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("frame of 16394 bytes exceeds the limit of 16393");
        assertThat(d.capacity()).isZero();
    }

    @Test
    void limitIsInclusiveAndConfigurable() {
        int max = FrameDecoder.MIN_MAX_FRAME_LENGTH;
        Bitfield atLimit = new Bitfield(new byte[max - 1]);
        assertThat(new FrameDecoder(max).feed(PeerMessageCodec.encode(atLimit))).containsExactly(atLimit);

        Bitfield overLimit = new Bitfield(new byte[max]);
        assertThatThrownBy(() -> new FrameDecoder(max).feed(PeerMessageCodec.encode(overLimit)))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("frame of " + (max + 1) + " bytes exceeds the limit of " + max);
        assertThatThrownBy(() -> new FrameDecoder(max - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FrameDecoder().maxFrameLength()).isEqualTo(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }

    @Test
    void hugePrefixesAreRejectedBeforeAnythingIsAllocated() {
        for (String prefix : List.of("ffffffff", "80000000", "7fffffff", "00100001")) {
            FrameDecoder d = new FrameDecoder();
            assertThatThrownBy(() -> d.feed(hex(prefix))).as(prefix).isInstanceOf(WireFormatException.class);
            assertThat(d.capacity()).isZero();
        }
    }

    @Test
    void bufferGrowsWithTheBytesReceivedNotWithTheClaimedLength() {
        FrameDecoder d = new FrameDecoder();
        // a bitfield claiming the full megabyte, of which 100 bytes arrive
        assertThat(d.feed(concat(hex("00100000 05"), new byte[99]))).isEmpty();

        assertThat(d.buffered()).isEqualTo(104);
        assertThat(d.capacity()).isLessThanOrEqualTo(FrameDecoder.RETAINED_CAPACITY);

        // the rest arrives in small pieces; the buffer never exceeds twice what is in
        int fed = 100;
        while (fed < (1 << 20)) {
            int n = Math.min(10_000, (1 << 20) - fed);
            List<PeerMessage> out = d.feed(new byte[n]);
            fed += n;
            assertThat(d.capacity()).isLessThanOrEqualTo(Math.max(FrameDecoder.RETAINED_CAPACITY, 2 * fed));
            if (fed == (1 << 20)) {
                assertThat(out).containsExactly(new Bitfield(new byte[(1 << 20) - 1]));
            }
        }
        // a large buffer is not kept once its frame is done
        assertThat(d.capacity()).isLessThanOrEqualTo(FrameDecoder.RETAINED_CAPACITY);
    }

    @Test
    void messagesBeforeABadFrameAreDeliveredAndTheDecoderThenStaysFailed() {
        byte[] s = concat(stream(List.of(new Interested(), new Have(3))), hex("00000002 04 00"), stream(List.of(new Choke())));
        FrameDecoder d = new FrameDecoder();
        List<PeerMessage> got = new ArrayList<>();

        assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(s), got::add))
                .isInstanceOf(WireFormatException.class).hasMessage("have carries 1 payload bytes, not 4");
        assertThat(got).containsExactly(new Interested(), new Have(3));
        assertThatThrownBy(() -> d.feed(stream(List.of(new Choke()))))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("stream already failed: have carries 1 payload bytes, not 4");
    }

    @Test
    void messagesOwnTheirBytes() {
        byte[] frame = hex("00000005 05 01020304");
        FrameDecoder d = new FrameDecoder();
        Bitfield b = (Bitfield) d.feed(frame).getFirst();
        frame[5] = 9;

        assertThat(b.bits()).isEqualTo(hex("01020304"));
    }

    private static void assertRejected(String frame, String message) {
        assertThatThrownBy(() -> PeerMessageCodec.decodeFrame(hex(frame)))
                .as(frame).isInstanceOf(WireFormatException.class).hasMessage(message);
        assertThatThrownBy(() -> new FrameDecoder().feed(hex(frame)))
                .as(frame).isInstanceOf(WireFormatException.class);
    }
}
