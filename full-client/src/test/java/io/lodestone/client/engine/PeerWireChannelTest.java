package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.types.InfoHash;
import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.ReservedBit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire adapter on an {@link EmbeddedChannel}, as Netty's own codec tests drive theirs: the
 * handshake and frames split across reads at every byte, the reason a connection closed with, and
 * every buffer released (checked by reference count, with the leak detector at its most paranoid).
 */
class PeerWireChannelTest {

    private static final byte[] BLOCK = new byte[300];
    private static ResourceLeakDetector.Level before;

    static {
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = (byte) (i * 7);
        }
    }

    @BeforeAll
    static void paranoid() {
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restore() {
        ResourceLeakDetector.setLevel(before);
    }

    /** What the wire told its listener; blocks are copied out and released as the torrent does. */
    static final class Recorder implements PeerWire.Listener {
        final List<Handshake> handshakes = new ArrayList<>();
        final List<Object> frames = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final List<ByteBuf> blocks = new ArrayList<>();
        Consumer<PeerWire> onFirstMessage = w -> { };
        int connected;

        @Override
        public void onConnected(PeerWire wire) {
            connected++;
        }

        @Override
        public void onHandshake(PeerWire wire, Handshake handshake) {
            handshakes.add(handshake);
        }

        @Override
        public void onMessage(PeerWire wire, PeerMessage message) {
            frames.add(message);
            onFirstMessage.accept(wire);
            onFirstMessage = w -> { };
        }

        @Override
        public void onBlock(PeerWire wire, int piece, int begin, ByteBuf block) {
            byte[] b = new byte[block.readableBytes()];
            block.getBytes(block.readerIndex(), b);
            frames.add(piece + ":" + begin + ":" + Arrays.hashCode(b));
            blocks.add(block);
            block.release();
        }

        @Override
        public void onClosed(PeerWire wire, String reason) {
            closed.add(reason);
        }
    }

    private static final Handshake HANDSHAKE = Handshake.of(InfoHash.v1(new byte[20]), "-LS0001-abcdefghijkl".getBytes(),
            ReservedBit.EXTENSION_PROTOCOL, ReservedBit.FAST_EXTENSION);

    private static final List<PeerMessage> MESSAGES = List.of(new PeerMessage.Interested(), new PeerMessage.Have(3),
            new PeerMessage.Piece(1, 16384, BLOCK), new PeerMessage.Request(2, 0, 16384), new PeerMessage.KeepAlive());

    private static Object expected(PeerMessage m) {
        return m instanceof PeerMessage.Piece p ? p.piece() + ":" + p.begin() + ":" + Arrays.hashCode(p.block()) : m;
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HANDSHAKE.encode());
        MESSAGES.forEach(m -> out.writeBytes(PeerMessageCodec.encode(m)));
        return out.toByteArray();
    }

    @Test
    void theHandshakeAndFramesSplitAtEveryByteBoundaryArriveWholeAndInOrder() {
        byte[] stream = stream();
        for (int cut = 1; cut < stream.length; cut++) {
            Recorder r = new Recorder();
            EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
            ByteBuf first = Unpooled.copiedBuffer(stream, 0, cut);
            ByteBuf second = Unpooled.copiedBuffer(stream, cut, stream.length - cut);
            ch.writeInbound(first);
            assertThat(r.handshakes).as("cut at %d", cut).hasSize(cut >= Handshake.LENGTH ? 1 : 0);
            ch.writeInbound(second);
            assertThat(r.handshakes).as("cut at %d", cut).containsExactly(HANDSHAKE);
            assertThat(r.frames).as("cut at %d", cut).containsExactlyElementsOf(MESSAGES.stream().map(
                    PeerWireChannelTest::expected).toList());
            assertThat(first.refCnt()).as("first read released, cut at %d", cut).isZero();
            assertThat(second.refCnt()).as("second read released, cut at %d", cut).isZero();
            assertThat(r.blocks).allMatch(b -> b.refCnt() == 0);
            assertThat(r.closed).isEmpty();
            ch.finish();
            assertThat(r.closed).containsExactly("closed by peer");
        }
    }

    @Test
    void oneByteAtATimeWorksAsWell() {
        byte[] stream = stream();
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        List<ByteBuf> reads = new ArrayList<>();
        for (byte b : stream) {
            ByteBuf one = Unpooled.copiedBuffer(new byte[] {b});
            reads.add(one);
            ch.writeInbound(one);
        }
        assertThat(r.handshakes).containsExactly(HANDSHAKE);
        assertThat(r.frames).containsExactlyElementsOf(MESSAGES.stream().map(PeerWireChannelTest::expected).toList());
        assertThat(reads).allMatch(b -> b.refCnt() == 0);
        ch.finishAndReleaseAll();
    }

    @Test
    void aFrameOverTheLimitClosesWithAProtocolErrorAndHoldsNothing() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(HANDSHAKE.encode()).writeInt(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH + 1).writeByte(5);
        ch.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.closed).singleElement().asString().startsWith("protocol error: frame of 1048577 bytes");
    }

    @Test
    void somethingThatIsNotAHandshakeClosesWithAProtocolError() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(true, r));
        ByteBuf in = Unpooled.wrappedBuffer(new byte[Handshake.LENGTH]);
        ch.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(r.handshakes).isEmpty();
        assertThat(r.closed).singleElement().asString().startsWith("protocol error: not a BitTorrent handshake");
    }

    @Test
    void aBadFrameBodyClosesWithAProtocolError() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(HANDSHAKE.encode()).writeInt(2).writeByte(PeerMessage.HAVE).writeByte(0); // a short have
        ch.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(r.closed).singleElement().asString().startsWith("protocol error");
    }

    @Test
    void ourCloseReasonIsTheOneReportedAndLaterFramesInTheSameReadAreDropped() {
        Recorder r = new Recorder();
        r.onFirstMessage = w -> w.close("banned: test");
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        ByteBuf in = Unpooled.wrappedBuffer(stream());
        ch.writeInbound(in);
        assertThat(r.frames).containsExactly(new PeerMessage.Interested());
        assertThat(r.closed).containsExactly("banned: test");
        assertThat(in.refCnt()).isZero();
        ch.finish();
        assertThat(r.closed).as("reported once").containsExactly("banned: test");
    }

    @Test
    void anIoErrorIsTheReason() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        ch.pipeline().fireExceptionCaught(new java.io.IOException("connection reset"));
        assertThat(r.closed).containsExactly("i/o error: connection reset");
    }

    @Test
    void onlyAnEncryptedHandshakeThatOlderLibtorrentMisreadIsRedialledAtOnce() {
        for (boolean misread : new boolean[] {true, false}) {
            Recorder r = new Recorder();
            PeerWire wire = new PeerWire(true, r);
            EmbeddedChannel ch = new EmbeddedChannel(wire);
            ch.pipeline().fireExceptionCaught(new MseHandler.MseException("closed during it", misread));
            assertThat(r.closed).containsExactly("i/o error: closed during it");
            assertThat(wire.redialAtOnce()).as("misread %s", misread).isEqualTo(misread);
            ch.finishAndReleaseAll();
        }
        Recorder r = new Recorder();
        PeerWire reset = new PeerWire(true, r);
        EmbeddedChannel ch = new EmbeddedChannel(reset);
        ch.pipeline().fireExceptionCaught(new java.io.IOException("connection reset"));
        assertThat(reset.redialAtOnce()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aHalfFrameHeldAtCloseIsReleased() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new PeerWire(false, r));
        byte[] piece = PeerMessageCodec.encode(new PeerMessage.Piece(0, 0, BLOCK));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(HANDSHAKE.encode()).writeBytes(piece, 0, piece.length / 2);
        ch.writeInbound(in);
        assertThat(in.refCnt()).as("the cutter keeps the half frame").isPositive();
        ch.finish();
        assertThat(in.refCnt()).as("released when the connection goes").isZero();
        assertThat(r.closed).containsExactly("closed by peer");
    }

    @Test
    void sentMessagesAreTheCodecsBytesAndAPiecesDataIsReleasedOnceWritten() {
        Recorder r = new Recorder();
        PeerWire wire = new PeerWire(true, r);
        EmbeddedChannel ch = new EmbeddedChannel(wire);
        assertThat(r.connected).isEqualTo(1);
        wire.sendHandshake(HANDSHAKE);
        wire.send(new PeerMessage.Have(9));
        wire.send(List.of(new PeerMessage.Request(1, 0, 16384), new PeerMessage.Request(1, 16384, 16384)));
        ByteBuf data = Unpooled.copiedBuffer(BLOCK);
        wire.sendPiece(4, 0, data);
        assertThat(bytes(ch.readOutbound())).isEqualTo(HANDSHAKE.encode());
        assertThat(bytes(ch.readOutbound())).isEqualTo(PeerMessageCodec.encode(new PeerMessage.Have(9)));
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(PeerMessageCodec.encode(new PeerMessage.Request(1, 0, 16384)));
        two.writeBytes(PeerMessageCodec.encode(new PeerMessage.Request(1, 16384, 16384)));
        assertThat(bytes(ch.readOutbound())).isEqualTo(two.toByteArray());
        assertThat(bytes(ch.readOutbound())).isEqualTo(PeerMessageCodec.encode(new PeerMessage.Piece(4, 0, BLOCK)));
        assertThat(data.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.close();
        wire.sendPiece(5, 0, data = Unpooled.copiedBuffer(BLOCK));
        assertThat(data.refCnt()).as("a piece for a closed connection is released, not leaked").isZero();
    }

    /** Reads and releases an outbound buffer. */
    private static byte[] bytes(ByteBuf b) {
        try {
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }
}
