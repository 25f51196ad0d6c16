package io.lodestone.wire;

import io.lodestone.types.InfoHash;
import io.lodestone.wire.PeerMessage.AllowedFast;
import io.lodestone.wire.PeerMessage.HaveAll;
import io.lodestone.wire.PeerMessage.HaveNone;
import io.lodestone.wire.PeerMessage.RejectRequest;
import io.lodestone.wire.PeerMessage.SuggestPiece;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.lodestone.wire.WireFixtures.ascii;
import static io.lodestone.wire.WireFixtures.hex;
import static io.lodestone.wire.WireFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 6, the fast extension: its reserved bit and its five messages (ids 0x0D to 0x11). */
class Bep6WireTest {

    /** Each message and its frame, from BEP 6's message table. */
    static Map<PeerMessage, String> vectors() {
        Map<PeerMessage, String> v = new LinkedHashMap<>();
        v.put(new SuggestPiece(42), "00000005 0d 0000002a");
        v.put(new HaveAll(), "00000001 0e");
        v.put(new HaveNone(), "00000001 0f");
        v.put(new RejectRequest(3, 0x8000, 0x4000), "0000000d 10 00000003 00008000 00004000");
        v.put(new AllowedFast(0x0001_0000), "00000005 11 00010000");
        return v;
    }

    @Test
    void reservedBitIsTheThirdLeastSignificantOfTheLastByte() {
        Handshake h = Handshake.of(InfoHash.fromHex("c12fe1c06bba254a9dc9f519b335aa7c1367a88a"),
                ascii("-LS0001-abcdefghijkl"), ReservedBit.FAST_EXTENSION);

        assertThat(h.reserved()).isEqualTo(hex("00 00 00 00 00 00 00 04"));
        assertThat(h.encode()[27]).isEqualTo((byte) 0x04);
        assertThat(Handshake.decode(h.encode()).supportsFastExtension()).isTrue();
        assertThat(ReservedBit.FAST_EXTENSION.byteIndex()).isEqualTo(7);
        assertThat(ReservedBit.FAST_EXTENSION.mask()).isEqualTo(0x04);
    }

    @Test
    void everyMessageHasItsExactBytes() {
        vectors().forEach((m, frame) -> {
            assertThat(PeerMessageCodec.encode(m)).as(m.toString()).isEqualTo(hex(frame));
            assertThat(PeerMessageCodec.decodeFrame(hex(frame))).as(frame).isEqualTo(m);
        });
    }

    @Test
    void fastMessagesAreKnownIds() {
        for (int id = 0x0D; id <= 0x11; id++) {
            assertThat(PeerMessageCodec.isKnown(id)).as("id %d", id).isTrue();
        }
        assertThat(PeerMessageCodec.isKnown(0x0A)).isFalse();
        assertThat(PeerMessageCodec.isKnown(0x12)).isFalse();
    }

    @Test
    void fixedSizePayloadsMustHaveTheirSize() {
        assertRejected("00000002 0e 00", "have all carries 1 payload bytes, not 0");
        assertRejected("00000002 0f 01", "have none carries 1 payload bytes, not 0");
        assertRejected("00000004 0d 000000", "suggest piece carries 3 payload bytes, not 4");
        assertRejected("00000006 11 0000000000", "allowed fast carries 5 payload bytes, not 4");
        assertRejected("0000000c 10 00000003 00008000 000040", "reject request carries 11 payload bytes, not 12");
    }

    @Test
    void indicesOutsideTheirRangeAreRejected() {
        assertRejected("00000005 0d 80000000", "suggest piece index 2147483648 is 2^31 or more");
        assertRejected("00000005 11 ffffffff", "allowed fast piece index 4294967295 is 2^31 or more");
        assertRejected("0000000d 10 00000003 00008000 00000000", "reject request length 0 outside 1..131072");
    }

    @Test
    void fastMessagesFramedTogetherSplitAtEveryByte() {
        List<PeerMessage> expected = new ArrayList<>(vectors().keySet());
        byte[] s = stream(expected);
        for (int i = 0; i <= s.length; i++) {
            FrameDecoder d = new FrameDecoder();
            List<PeerMessage> got = new ArrayList<>(d.feed(s, 0, i));
            got.addAll(d.feed(s, i, s.length - i));
            assertThat(got).as("split at %d", i).isEqualTo(expected);
        }
    }

    private static void assertRejected(String frame, String message) {
        assertThatThrownBy(() -> PeerMessageCodec.decodeFrame(hex(frame)))
                .as(frame).isInstanceOf(WireFormatException.class).hasMessage(message);
    }
}
