package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.ExtensionHandshake;
import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.MetadataCodec;
import io.lodestone.wire.MetadataMessage;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MetadataExchange} as the pure state machine it is: bytes and times in, no socket. */
class MetadataExchangeTest {

    /** 40 KB: three metadata pieces. */
    private static final byte[] INFO = InfoDicts.singleFile("three-pieces.bin", 2000, 5);
    private static final InfoHash HASH = InfoDicts.sha1(INFO);
    private static final MagnetUri MAGNET = MagnetUri.of(HASH);
    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6881);
    private static final int PEER_METADATA_ID = 7;
    private static final long T0 = 1_000_000_000L;

    private static MetadataExchange exchange(MetadataBudget budget) {
        return new MetadataExchange(MAGNET, FetchConfig.defaults(), PEER, PeerId.generate(), T0, T0, budget);
    }

    private static MetadataBudget budget() {
        return new MetadataBudget(FetchConfig.DEFAULT_MAX_BUFFERED_METADATA);
    }

    /** The peer's handshake and an extension handshake announcing {@code metadataSize}. */
    private static byte[] opening(long metadataSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Handshake.of(HASH, PeerId.generate(), ReservedBit.EXTENSION_PROTOCOL).encode());
        out.writeBytes(PeerMessageCodec.encode(new ExtensionHandshake(
                Map.of(ExtensionHandshake.UT_METADATA, PEER_METADATA_ID), metadataSize, "Peer", null, null, null, null)
                .toMessage()));
        return out.toByteArray();
    }

    private static byte[] piece(int piece) {
        int from = piece * MetadataMessage.PIECE_SIZE;
        byte[] data = Arrays.copyOfRange(INFO, from, Math.min(INFO.length, from + MetadataMessage.PIECE_SIZE));
        return PeerMessageCodec.encode(MetadataCodec.toMessage(MetadataExchange.OUR_UT_METADATA_ID,
                new MetadataMessage.Data(piece, INFO.length, data)));
    }

    private static byte[] feed(MetadataExchange x, byte[] bytes) {
        return x.onBytes(bytes, 0, bytes.length, T0 + 1_000_000);
    }

    /** The ut_metadata requests in what the exchange sent. */
    private static List<MetadataMessage> metadataSent(byte[] sent) {
        return new FrameDecoder().feed(sent).stream()
                .filter(m -> m instanceof PeerMessage.Extended e && e.extendedId() == PEER_METADATA_ID)
                .map(m -> MetadataCodec.decode(((PeerMessage.Extended) m).payload()))
                .toList();
    }

    @Test
    void twoGibibytesOfMetadataIsTooLargeNotAProtocolError() {
        for (long size : new long[] {1L << 31, 1L << 40, Long.MAX_VALUE,
                MetadataMessage.DEFAULT_MAX_METADATA_SIZE + 1L}) {
            MetadataBudget budget = budget();
            MetadataExchange x = exchange(budget);
            byte[] sent = feed(x, opening(size));
            assertThat(x.result()).isInstanceOfSatisfying(Failure.class, f -> {
                assertThat(f.reason()).as(f.detail()).isEqualTo(Reason.METADATA_TOO_LARGE);
                assertThat(f.detail()).contains(Long.toString(size));
            });
            assertThat(sent).as("nothing asked for").isEmpty();
            assertThat(budget.used()).isZero();
        }
    }

    @Test
    void piecesAreHeldInTheBudgetUntilTheFetchEnds() {
        MetadataBudget budget = budget();
        MetadataExchange x = exchange(budget);
        assertThat(metadataSent(feed(x, opening(INFO.length)))).hasSize(3);
        feed(x, piece(0));
        feed(x, piece(1));
        assertThat(budget.used()).isEqualTo(2L * MetadataMessage.PIECE_SIZE);
        feed(x, piece(2));
        assertThat(x.result()).isInstanceOfSatisfying(Success.class,
                s -> assertThat(s.infoBytes()).isEqualTo(INFO));
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFailedFetchGivesItsPiecesBack() {
        MetadataBudget budget = budget();
        MetadataExchange x = exchange(budget);
        feed(x, opening(INFO.length));
        feed(x, piece(0));
        assertThat(budget.used()).isEqualTo(MetadataMessage.PIECE_SIZE);
        feed(x, piece(0)); // not asked for twice
        assertThat(x.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.PROTOCOL_ERROR));
        assertThat(budget.used()).isZero();
    }

    @Test
    void aForgeryGivesItsPiecesBack() {
        MetadataBudget budget = budget();
        MetadataExchange x = new MetadataExchange(MagnetUri.of(InfoDicts.sha1(new byte[] {9})), FetchConfig.defaults(),
                PEER, PeerId.generate(), T0, T0, budget);
        byte[] opening = opening(INFO.length);
        // the handshake names the magnet's hash, the pieces are another torrent's
        byte[] handshake = Handshake.of(InfoDicts.sha1(new byte[] {9}), PeerId.generate(),
                ReservedBit.EXTENSION_PROTOCOL).encode();
        System.arraycopy(handshake, 0, opening, 0, handshake.length);
        feed(x, opening);
        feed(x, piece(0));
        feed(x, piece(1));
        feed(x, piece(2));
        assertThat(x.result()).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.HASH_MISMATCH));
        assertThat(budget.used()).isZero();
    }

    @Test
    void aFullBudgetEndsTheFetchAsBusyAndKeepsNothing() {
        MetadataBudget shared = new MetadataBudget(MetadataMessage.PIECE_SIZE + 100);
        MetadataExchange first = exchange(shared);
        MetadataExchange second = exchange(shared);
        feed(first, opening(INFO.length));
        feed(second, opening(INFO.length));
        feed(first, piece(0));
        feed(second, piece(0));
        assertThat(second.result()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.BUSY);
            assertThat(f.reason().isPermanent()).isFalse();
        });
        assertThat(first.result()).isNull();
        assertThat(shared.used()).isEqualTo(MetadataMessage.PIECE_SIZE);
        first.onTransportEnd(Reason.CLOSED, "peer closed the connection", T0 + 2_000_000);
        assertThat(shared.used()).isZero();
    }

    @Test
    void aCloseMidPieceSaysWhereTheExchangeStood() {
        MetadataExchange x = exchange(budget());
        feed(x, opening(INFO.length));
        feed(x, piece(0));
        byte[] half = Arrays.copyOf(piece(1), 5000);
        feed(x, half);
        x.onTransportEnd(Reason.CLOSED, "peer closed the connection", T0 + 2_000_000);
        assertThat(x.result()).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.CLOSED);
            assertThat(f.detail()).contains("1 of 3 metadata pieces").contains("mid-frame (5000 bytes");
        });
    }

    @Test
    void nothingCountsAfterTheFirstError() {
        MetadataBudget budget = budget();
        MetadataExchange x = exchange(budget);
        feed(x, opening(INFO.length));
        byte[] junk = "garbage!".repeat(10).getBytes(StandardCharsets.US_ASCII);
        feed(x, junk);
        FetchResult first = x.result();
        assertThat(first).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.PROTOCOL_ERROR));
        // the real pieces after it change nothing and send nothing
        assertThat(feed(x, piece(0))).isEmpty();
        assertThat(feed(x, piece(1))).isEmpty();
        assertThat(feed(x, piece(2))).isEmpty();
        assertThat(x.onTick(T0 + 3_000_000)).isEmpty();
        x.onTransportEnd(Reason.CLOSED, "closed", T0 + 4_000_000);
        assertThat(x.result()).isSameAs(first);
        assertThat(budget.used()).isZero();
    }
}
