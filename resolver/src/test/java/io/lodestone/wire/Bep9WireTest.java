package io.lodestone.wire;

import io.lodestone.wire.MetadataMessage.Data;
import io.lodestone.wire.MetadataMessage.Reject;
import io.lodestone.wire.MetadataMessage.Request;
import io.lodestone.wire.MetadataMessage.Unknown;
import io.lodestone.wire.PeerMessage.Extended;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.lodestone.wire.WireFixtures.ascii;
import static io.lodestone.wire.WireFixtures.concat;
import static io.lodestone.wire.WireFixtures.hex;
import static io.lodestone.wire.WireFixtures.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BEP 9, ut_metadata: its three messages, as BEP 9 shows them, and their checks. */
class Bep9WireTest {

    /** BEP 9's example total_size: three pieces, the last 34256 - 2 * 16384 = 1488 bytes. */
    private static final int TOTAL = 34256;

    @Test
    void requestAsInBep9() {
        byte[] payload = ascii("d8:msg_typei0e5:piecei0ee");

        assertThat(MetadataCodec.decode(payload)).isEqualTo(new Request(0));
        assertThat(MetadataCodec.encode(new Request(0))).isEqualTo(payload);
    }

    @Test
    void dataAsInBep9() {
        // "d8:msg_typei1e5:piecei0e10:total_sizei34256eexxxxxxxx...": the dict, then the piece
        byte[] payload = concat(ascii("d8:msg_typei1e5:piecei0e10:total_sizei34256ee"), repeat('x', 16384));

        MetadataMessage m = MetadataCodec.decode(payload);

        assertThat(m).isEqualTo(new Data(0, TOTAL, repeat('x', 16384)));
        assertThat(MetadataCodec.encode(m)).isEqualTo(payload);
    }

    @Test
    void rejectAsInBep9() {
        byte[] payload = ascii("d8:msg_typei2e5:piecei0ee");

        assertThat(MetadataCodec.decode(payload)).isEqualTo(new Reject(0));
        assertThat(MetadataCodec.encode(new Reject(0))).isEqualTo(payload);
    }

    @Test
    void lastPieceHoldsTheRemainder() {
        byte[] payload = concat(ascii("d8:msg_typei1e5:piecei2e10:total_sizei34256ee"), repeat('y', 1488));

        assertThat(MetadataCodec.decode(payload)).isEqualTo(new Data(2, TOTAL, repeat('y', 1488)));
        assertThat(MetadataMessage.pieceCount(TOTAL)).isEqualTo(3);
        assertThat(MetadataMessage.pieceLength(2, TOTAL)).isEqualTo(1488);
        assertThat(MetadataMessage.pieceCount(32768)).isEqualTo(2);
        assertThat(MetadataMessage.pieceLength(1, 32768)).isEqualTo(16384);
    }

    @Test
    void libtorrentsExtraTotalSizeOnRequestsAndRejectsIsIgnored() {
        assertThat(MetadataCodec.decode(ascii("d8:msg_typei0e5:piecei1e10:total_sizei34256ee"))).isEqualTo(new Request(1));
        assertThat(MetadataCodec.decode(ascii("d8:msg_typei2e5:piecei1e10:total_sizei34256ee"))).isEqualTo(new Reject(1));
    }

    @Test
    void unknownMessageTypesAreReturnedToBeIgnored() {
        // BEP 9: "an unrecognized message ID MUST be ignored"
        assertThat(MetadataCodec.decode(ascii("d8:msg_typei3e5:piecei0ee"))).isEqualTo(new Unknown(3));
        assertThat(MetadataCodec.decode(concat(ascii("d8:msg_typei-1ee"), hex("0102")))).isEqualTo(new Unknown(-1));
        assertThat(MetadataCodec.encode(new Unknown(7))).isEqualTo(ascii("d8:msg_typei7ee"));
        assertThatThrownBy(() -> new Unknown(1)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void dataMustFitItsTotalSize() {
        assertRejected(concat(ascii("d8:msg_typei1e5:piecei3e10:total_sizei34256ee"), repeat('x', 1)),
                "ut_metadata piece 3 outside 0..2 for total_size 34256");
        assertRejected(concat(ascii("d8:msg_typei1e5:piecei0e10:total_sizei34256ee"), repeat('x', 16383)),
                "ut_metadata piece 0 has 16383 bytes, not 16384 for total_size 34256");
        assertRejected(concat(ascii("d8:msg_typei1e5:piecei2e10:total_sizei34256ee"), repeat('x', 1489)),
                "ut_metadata piece 2 has 1489 bytes, not 1488 for total_size 34256");
        assertRejected(ascii("d8:msg_typei1e5:piecei0e10:total_sizei0ee"), "ut_metadata total_size 0 outside 1..31457280");
        assertRejected(ascii("d8:msg_typei1e5:piecei0e10:total_sizei31457281ee"),
                "ut_metadata total_size 31457281 outside 1..31457280");
        assertRejected(concat(ascii("d8:msg_typei1e5:piecei0ee"), repeat('x', 10)), "ut_metadata message without 'total_size'");
    }

    @Test
    void totalSizeMustMatchTheHandshake() {
        byte[] payload = concat(ascii("d8:msg_typei1e5:piecei2e10:total_sizei34256ee"), repeat('x', 1488));

        assertThat(MetadataCodec.decode(payload, 34256L, MetadataMessage.DEFAULT_MAX_METADATA_SIZE)).isInstanceOf(Data.class);
        assertThatThrownBy(() -> MetadataCodec.decode(payload, 34257L, MetadataMessage.DEFAULT_MAX_METADATA_SIZE))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("ut_metadata total_size 34256 differs from metadata_size 34257 in the handshake");
        assertThatThrownBy(() -> MetadataCodec.decode(payload, null, 30_000))
                .isInstanceOf(WireFormatException.class).hasMessage("ut_metadata total_size 34256 outside 1..30000");
    }

    @Test
    void malformedMessagesAreRejected() {
        assertRejected(ascii("d8:msg_typei0ee"), "ut_metadata message without 'piece'");
        assertRejected(ascii("d5:piecei0ee"), "ut_metadata message without 'msg_type'");
        assertRejected(ascii("d8:msg_type1:05:piecei0ee"), "ut_metadata 'msg_type' is not an integer");
        assertRejected(ascii("d8:msg_typei0e5:piecei-1ee"), "ut_metadata piece -1 outside 0..2^31-1");
        assertRejected(ascii("d8:msg_typei0e5:piecei2147483648ee"), "ut_metadata piece 2147483648 outside 0..2^31-1");
        assertRejected(ascii("d8:msg_typei0e5:piecei0eexx"), "ut_metadata request followed by 2 bytes");
        assertRejected(ascii("d8:msg_typei2e5:piecei0eex"), "ut_metadata reject followed by 1 bytes");
        assertRejected(ascii("d5:piecei0e8:msg_typei0ee"),
                "ut_metadata message is not strict bencode: dictionary keys not sorted (\"msg_type\" after \"piece\") at offset 11");
        assertRejected(ascii("i0e"), "ut_metadata message is not a bencoded dictionary");
        assertRejected(new byte[0], "ut_metadata message is not strict bencode: unexpected end of input at offset 0");
    }

    @Test
    void oversizedMessageIsRejectedBeforeDecoding() {
        byte[] payload = concat(ascii("d8:msg_typei1e5:piecei0e10:total_sizei34256ee"), repeat('x', 17 * 1024));

        assertRejected(payload, "ut_metadata message of " + payload.length + " bytes exceeds the limit of 17408");
    }

    @Test
    void messagesTravelAsExtendedMessagesWithThePeersId() {
        Extended e = MetadataCodec.toMessage(3, new Request(1));

        assertThat(PeerMessageCodec.encode(e)).isEqualTo(concat(hex("0000001b 14 03"), ascii("d8:msg_typei0e5:piecei1ee")));
        assertThatThrownBy(() -> MetadataCodec.toMessage(0, new Request(1))).isInstanceOf(IllegalArgumentException.class);

        Data data = new Data(0, 100, repeat('z', 100));
        Extended back = (Extended) new FrameDecoder().feed(PeerMessageCodec.encode(MetadataCodec.toMessage(2, data))).getFirst();
        assertThat(MetadataCodec.decode(back.payload(), 100L, MetadataMessage.DEFAULT_MAX_METADATA_SIZE)).isEqualTo(data);
    }

    @Test
    void recordsRefuseWhatTheyCannotCarry() {
        assertThatThrownBy(() -> new Request(-1)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new Data(0, 0, new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new Data(1, 16384, new byte[0])).isInstanceOf(WireFormatException.class);
        byte[] bytes = repeat('a', 10);
        Data d = new Data(0, 10, bytes);
        Arrays.fill(bytes, (byte) 'b');
        assertThat(d.data()).isEqualTo(repeat('a', 10));
    }

    private static void assertRejected(byte[] payload, String message) {
        assertThatThrownBy(() -> MetadataCodec.decode(payload))
                .isInstanceOf(WireFormatException.class).hasMessage(message);
    }
}
