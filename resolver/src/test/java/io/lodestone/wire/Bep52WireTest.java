package io.lodestone.wire;

import io.lodestone.wire.HashMessage.HashReject;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.lodestone.wire.WireFixtures.concat;
import static io.lodestone.wire.WireFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BEP 52's hash messages on the wire: hash request (21), hashes (22) and hash reject (23), with
 * byte vectors laid out as the BEP describes them (pieces root, then base layer, index, length and
 * proof layers as big-endian 32-bit integers; hashes then the base-layer hashes and the uncles),
 * their round trips through the frame codec, and every malformed form rejected.
 */
class Bep52WireTest {

    /** A recognisable pieces root: bytes 0x00..0x1f. */
    private static final String ROOT = "000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f";

    private static byte[] root() {
        return hex(ROOT);
    }

    /** Hash number {@code n} of a vector: 32 bytes of {@code n}. */
    private static byte[] h(int n) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) n);
        return b;
    }

    private static String hh(int n) {
        return String.format("%02x", n).repeat(32);
    }

    @Test
    void hashRequestFrame() {
        // 512 piece hashes of a 64 KiB-piece torrent (layer 2), from 512, proven 10 layers up
        String frame = "00000031 15 " + ROOT + " 00000002 00000200 00000200 0000000a";
        HashRequest r = new HashRequest(root(), 2, 512, 512, 10);

        assertThat(HashMessageCodec.encodeFrame(r)).isEqualTo(hex(frame));
        PeerMessage onWire = PeerMessageCodec.decodeFrame(hex(frame));
        assertThat(onWire).isEqualTo(new PeerMessage.UnknownMessage(21, hex(ROOT + "00000002 00000200 00000200 0000000a")));
        assertThat(HashMessageCodec.fromUnknown((PeerMessage.UnknownMessage) onWire)).contains(r);
        assertThat(HashMessageCodec.toMessage(r)).isEqualTo(onWire);
        assertThat(r.uncleCount()).isEqualTo(2);
        assertThat(r.topLayer()).isEqualTo(13);
    }

    @Test
    void hashRejectHasTheRequestsPayload() {
        HashRequest r = new HashRequest(root(), 0, 6, 2, 3);
        String payload = ROOT + " 00000000 00000006 00000002 00000003";

        assertThat(HashMessageCodec.encodeFrame(new HashReject(r))).isEqualTo(hex("00000031 17 " + payload));
        assertThat(HashMessageCodec.decode(23, hex(payload))).isEqualTo(new HashReject(r));
        assertThat(HashMessageCodec.decode(21, hex(payload))).isEqualTo(r);
        assertThat(new HashReject(r).request()).isSameAs(r);
    }

    @Test
    void hashesCarryTheBaseHashesThenTheUnclesFromTheBaseUp() {
        // leaves 4 and 5 with proof layers 3: the layer above the pair is computed, so uncles for
        // layers 1, 2 and 3 follow (BEP 52: the first log2(length) - 1 proof layers are left out)
        HashRequest r = new HashRequest(root(), 0, 4, 2, 3);
        String payload = ROOT + " 00000000 00000004 00000002 00000003" + hh(0xa4) + hh(0xa5) + hh(0xb1) + hh(0xb2) + hh(0xb3);
        Hashes m = new Hashes(r, concat(h(0xa4), h(0xa5)), concat(h(0xb1), h(0xb2), h(0xb3)));

        assertThat(HashMessageCodec.encode(m)).isEqualTo(hex(payload));
        assertThat(HashMessageCodec.encodeFrame(m)).isEqualTo(concat(hex("000000d1 16"), hex(payload)));
        assertThat(HashMessageCodec.decode(22, hex(payload))).isEqualTo(m);
        assertThat(m.hash(1)).isEqualTo(h(0xa5));
        assertThat(m.uncle(0)).isEqualTo(h(0xb1));
        assertThat(m.uncle(2)).isEqualTo(h(0xb3));
        assertThatThrownBy(() -> m.uncle(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void uncleCountsFollowTheBep() {
        // (proof layers, length) -> uncles
        int[][] table = {{0, 2, 0}, {1, 2, 1}, {5, 2, 5}, {0, 4, 0}, {1, 4, 0}, {2, 4, 1}, {8, 512, 0}, {9, 512, 1},
                {20, 512, 12}, {12, 8192, 0}, {13, 8192, 1}};
        for (int[] row : table) {
            assertThat(HashMessage.uncleCount(row[0], row[1])).as("proof layers %d, length %d", row[0], row[1])
                    .isEqualTo(row[2]);
        }
    }

    @Test
    void wholeLayerAnswerHasNoUncles() {
        HashRequest r = new HashRequest(root(), 3, 0, 8, 2);
        Hashes m = new Hashes(r, concat(h(1), h(2), h(3), h(4), h(5), h(6), h(7), h(8)), new byte[0]);

        byte[] frame = HashMessageCodec.encodeFrame(m);
        assertThat(frame).hasSize(4 + 1 + 48 + 8 * 32);
        assertThat(roundTrip(frame)).isEqualTo(m);
    }

    @Test
    void framesSplitAnywhereComeOutWhole() {
        HashRequest r = new HashRequest(root(), 2, 0, 4, 5);
        List<HashMessage> sent = List.of(r, new Hashes(r, concat(h(1), h(2), h(3), h(4)), concat(h(9), h(10), h(11), h(12))),
                new HashReject(r), new HashRequest(root(), 0, 8192, 8192, 20));
        byte[] stream = concat(sent.stream().map(HashMessageCodec::encodeFrame).toArray(byte[][]::new));
        FrameDecoder d = new FrameDecoder();
        List<PeerMessage> got = new java.util.ArrayList<>();
        for (int at = 0; at < stream.length; at += 7) {
            got.addAll(d.feed(stream, at, Math.min(7, stream.length - at)));
        }
        assertThat(got).hasSize(4);
        assertThat(got.stream().map(m -> HashMessageCodec.fromUnknown((PeerMessage.UnknownMessage) m).orElseThrow()).toList())
                .isEqualTo(sent);
    }

    @Test
    void otherUnknownMessagesAreNotHashMessages() {
        assertThat(HashMessageCodec.fromUnknown(new PeerMessage.UnknownMessage(24, new byte[48]))).isEmpty();
        assertThat(HashMessageCodec.fromUnknown(new PeerMessage.UnknownMessage(19, new byte[3]))).isEmpty();
        assertThat(HashMessageCodec.isHashMessage(21)).isTrue();
        assertThat(HashMessageCodec.isHashMessage(23)).isTrue();
        assertThat(HashMessageCodec.isHashMessage(20)).isFalse();
        assertThat(PeerMessageCodec.isKnown(21) || PeerMessageCodec.isKnown(22) || PeerMessageCodec.isKnown(23)).isFalse();
        assertRejected(24, new byte[48], "message id 24 is not a BEP 52 hash message");
    }

    @Test
    void malformedHeadersAreRejected() {
        assertRejected(21, new byte[47], "hash request carries 47 bytes, less than its 48-byte header");
        assertRejected(22, new byte[0], "hashes carries 0 bytes, less than its 48-byte header");
        assertRejected(21, header(0, 0, 2, 1, 1), "hash request followed by 1 bytes");
        assertRejected(23, header(0, 0, 2, 1, 32), "hash reject followed by 32 bytes");
        // base layer
        assertRejected(21, header(36, 0, 2, 0, 0), "hash base layer 36 outside 0..35");
        assertRejected(21, header(-1, 0, 2, 0, 0), "hash base layer 4294967295 outside 0..35");
        // length: a power of two from 2 to 8192
        for (int bad : new int[] {0, 1, 3, 6, 511, 8193, 16384, 1 << 30, Integer.MIN_VALUE, -1}) {
            assertRejected(21, header(0, 0, bad, 0, 0), "hash count " + Integer.toUnsignedString(bad)
                    + " is not a power of two in 2..8192");
        }
        // index: a multiple of the length, inside the widest layer
        assertRejected(21, header(0, 2, 4, 0, 0), "hash range 2+4 is not aligned to its length or exceeds a layer of "
                + (1L << 36) + " hashes");
        assertRejected(21, header(0, -8, 4, 0, 0), "hash range 4294967288+4 is not aligned to its length or exceeds a layer of "
                + (1L << 36) + " hashes");
        assertRejected(21, header(35, 2, 2, 0, 0), "hash range 2+2 is not aligned to its length or exceeds a layer of 2 hashes");
        assertRejected(21, header(34, 0, 8, 0, 0), "hash range 0+8 is not aligned to its length or exceeds a layer of 4 hashes");
        // proof layers stop below the root of the tallest tree
        assertRejected(21, header(0, 0, 2, 36, 0), "hash proof layers 36 outside 0..35 above base layer 0");
        assertRejected(21, header(30, 0, 2, 6, 0), "hash proof layers 6 outside 0..5 above base layer 30");
        assertRejected(21, header(0, 0, 2, -1, 0), "hash proof layers 4294967295 outside 0..35 above base layer 0");
        // the edges that are allowed
        assertThat(HashMessageCodec.decode(21, header(35, 0, 2, 0, 0))).isEqualTo(new HashRequest(root(), 35, 0, 2, 0));
        assertThat(HashMessageCodec.decode(21, header(0, 0, 8192, 35, 0))).isEqualTo(new HashRequest(root(), 0, 0, 8192, 35));
        assertThat(HashMessageCodec.decode(21, header(5, Integer.MAX_VALUE - 1, 2, 30, 0)))
                .isEqualTo(new HashRequest(root(), 5, Integer.MAX_VALUE - 1, 2, 30));
    }

    @Test
    void hashesMustCarryExactlyWhatTheirRequestImplies() {
        // length 4, proof layers 3: 4 hashes and 2 uncles, 192 bytes
        byte[] head = header(1, 8, 4, 3, 0);
        assertThat(HashMessageCodec.decode(22, concat(head, new byte[192]))).isInstanceOf(Hashes.class);
        for (int wrong : new int[] {0, 31, 32, 128, 160, 191, 193, 224, 256}) {
            assertRejected(22, concat(head, new byte[wrong]),
                    "hashes carries " + wrong + " bytes of hashes, not 192 for 4 hashes and 2 uncles");
        }
        assertRejected(22, new byte[HashMessageCodec.MAX_PAYLOAD_LENGTH + 1],
                "hashes of " + (HashMessageCodec.MAX_PAYLOAD_LENGTH + 1) + " bytes exceeds the limit of "
                        + HashMessageCodec.MAX_PAYLOAD_LENGTH);
    }

    @Test
    void largestValidHashesFitsTheLimitAndAFrame() {
        HashRequest r = new HashRequest(root(), 0, 0, HashMessage.MAX_HASHES, HashMessage.MAX_TREE_HEIGHT - 1);
        byte[] payload = concat(HashMessageCodec.encode(r), new byte[(r.length() + r.uncleCount()) * 32]);

        assertThat(r.uncleCount()).isEqualTo(HashMessage.MAX_TREE_HEIGHT - 13);
        assertThat(payload.length).isLessThanOrEqualTo(HashMessageCodec.MAX_PAYLOAD_LENGTH);
        assertThat(HashMessageCodec.MAX_PAYLOAD_LENGTH + 1).isLessThanOrEqualTo(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
        assertThat(HashMessageCodec.decode(22, payload)).isInstanceOf(Hashes.class);
    }

    @Test
    void recordsRefuseWhatTheyCannotCarry() {
        assertThatThrownBy(() -> new HashRequest(new byte[31], 0, 0, 2, 0)).isInstanceOf(WireFormatException.class)
                .hasMessage("pieces root of 31 bytes, not 32");
        assertThatThrownBy(() -> new HashRequest(null, 0, 0, 2, 0)).isInstanceOf(NullPointerException.class);
        HashRequest r = new HashRequest(root(), 0, 0, 2, 1);
        assertThatThrownBy(() -> new Hashes(r, new byte[64], new byte[0])).isInstanceOf(WireFormatException.class)
                .hasMessage("hashes carries 0 bytes of uncle hashes, not 1 hashes of 32 for 1 proof layers");
        assertThatThrownBy(() -> new Hashes(r, new byte[32], new byte[32])).isInstanceOf(WireFormatException.class)
                .hasMessage("hashes carries 32 bytes of base hashes, not 2 hashes of 32");
        assertThatThrownBy(() -> new HashReject(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void recordsCopyTheirBytes() {
        byte[] rootBytes = root();
        HashRequest r = new HashRequest(rootBytes, 0, 0, 2, 0);
        rootBytes[0] = 9;
        assertThat(r.piecesRoot()).isEqualTo(root());
        r.piecesRoot()[1] = 9;
        assertThat(r.piecesRoot()).isEqualTo(root());
        assertThat(r).isEqualTo(new HashRequest(root(), 0, 0, 2, 0)).hasSameHashCodeAs(new HashRequest(root(), 0, 0, 2, 0));
        assertThat(r).isNotEqualTo(new HashRequest(root(), 0, 0, 2, 1));
        assertThat(r.isFor(root())).isTrue();
        assertThat(r.isFor(new byte[32])).isFalse();

        byte[] hashes = concat(h(1), h(2));
        Hashes m = new Hashes(r, hashes, new byte[0]);
        hashes[0] = 7;
        m.hashes()[1] = 7;
        assertThat(m.hashes()).isEqualTo(concat(h(1), h(2)));
        assertThat(m).isEqualTo(new Hashes(r, concat(h(1), h(2)), new byte[0]));
        assertThat(m.toString()).doesNotContain("[B@").contains("2 hashes");
    }

    @Test
    void limitsAreWhatTheDocsSay() {
        assertThat(HashMessage.MAX_TREE_HEIGHT).isEqualTo(36);
        assertThat(HashMessageCodec.HEADER_LENGTH).isEqualTo(48);
        assertThat(HashMessage.MAX_HASHES).isEqualTo(8192);
    }

    private static HashMessage roundTrip(byte[] frame) {
        PeerMessage m = PeerMessageCodec.decodeFrame(frame);
        Optional<HashMessage> h = HashMessageCodec.fromUnknown((PeerMessage.UnknownMessage) m);
        assertThat(h).isPresent();
        assertThat(HashMessageCodec.encodeFrame(h.get())).isEqualTo(frame);
        return h.get();
    }

    /** The 48-byte header with {@link #ROOT}, then {@code trailing} zero bytes. */
    private static byte[] header(int base, int index, int length, int proofLayers, int trailing) {
        return ByteBuffer.allocate(48 + trailing).put(root()).putInt(base).putInt(index).putInt(length).putInt(proofLayers)
                .array();
    }

    private static void assertRejected(int id, byte[] payload, String message) {
        assertThatThrownBy(() -> HashMessageCodec.decode(id, payload)).isInstanceOf(WireFormatException.class)
                .hasMessage(message);
        if (HashMessageCodec.isHashMessage(id)) {
            assertThatThrownBy(() -> HashMessageCodec.fromUnknown(new PeerMessage.UnknownMessage(id, payload)))
                    .isInstanceOf(WireFormatException.class).hasMessage(message);
        }
    }
}
