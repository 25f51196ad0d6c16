package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cutter on streams split at every possible place, and against a hostile length prefix. */
class FrameCutterTest {

    /** Collects what a wire would hand its listener. */
    static final class Collector implements PeerWire.Listener {
        final List<Object> got = new ArrayList<>();

        @Override
        public void onHandshake(PeerWire wire, Handshake handshake) {
        }

        @Override
        public void onMessage(PeerWire wire, PeerMessage message) {
            got.add(message);
        }

        @Override
        public void onBlock(PeerWire wire, int piece, int begin, ByteBuf block) {
            byte[] b = new byte[block.readableBytes()];
            block.readBytes(b);
            block.release();
            got.add(new PeerMessage.Piece(piece, begin, b));
        }

        @Override
        public void onClosed(PeerWire wire, String reason) {
        }
    }

    static byte[] stream(List<PeerMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        messages.forEach(m -> out.writeBytes(PeerMessageCodec.encode(m)));
        return out.toByteArray();
    }

    static List<PeerMessage> sample() {
        byte[] block = new byte[16 * 1024];
        new SplittableRandom(1).nextBytes(block);
        return List.of(new PeerMessage.KeepAlive(), new PeerMessage.Unchoke(), new PeerMessage.Have(7),
                new PeerMessage.Piece(3, 16384, block), new PeerMessage.Request(1, 0, 16384),
                new PeerMessage.Piece(4, 0, new byte[] {1, 2, 3}), new PeerMessage.Extended(0, new byte[] {'d', 'e'}));
    }

    @Test
    void everySplitOfTheStreamGivesTheSameMessages() {
        byte[] all = stream(sample());
        for (int cut = 0; cut <= all.length; cut += 97) {
            Collector c = new Collector();
            PeerWire wire = new PeerWire(true, c);
            FrameCutter cutter = new FrameCutter(1 << 20);
            cutter.feed(Unpooled.wrappedBuffer(all, 0, cut), wire);
            cutter.feed(Unpooled.wrappedBuffer(all, cut, all.length - cut), wire);
            assertThat(c.got).as("cut at " + cut).containsExactlyElementsOf(sample());
        }
    }

    @Test
    void byteByByteWorksToo() {
        byte[] all = stream(sample());
        Collector c = new Collector();
        PeerWire wire = new PeerWire(true, c);
        FrameCutter cutter = new FrameCutter(1 << 20);
        for (byte b : all) {
            cutter.feed(Unpooled.wrappedBuffer(new byte[] {b}), wire);
        }
        assertThat(c.got).containsExactlyElementsOf(sample());
        cutter.release();
    }

    @Test
    void aLengthAboveTheLimitFailsAtOnceWithoutWaitingForTheBody() {
        FrameCutter cutter = new FrameCutter(1 << 20);
        PeerWire wire = new PeerWire(true, new Collector());
        assertThatThrownBy(() -> cutter.feed(Unpooled.wrappedBuffer(new byte[] {0x7f, (byte) 0xff, (byte) 0xff,
                (byte) 0xff}), wire)).isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
    }

    @Test
    void anEmptyPieceIsNotABlockButAProtocolError() {
        byte[] frame = {0, 0, 0, 9, PeerMessage.PIECE, 0, 0, 0, 1, 0, 0, 0, 0};
        FrameCutter cutter = new FrameCutter(1 << 20);
        PeerWire wire = new PeerWire(true, new Collector());
        assertThatThrownBy(() -> cutter.feed(Unpooled.wrappedBuffer(frame), wire))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void aBlockSpanningReadsIsWholeAndEveryReadIsFreedOnceItsBlocksAre() {
        byte[] all = stream(sample());
        List<ByteBuf> blocks = new ArrayList<>();
        PeerWire wire = new PeerWire(true, new PeerWire.Listener() {
            @Override
            public void onHandshake(PeerWire w, Handshake handshake) {
            }

            @Override
            public void onMessage(PeerWire w, PeerMessage message) {
            }

            @Override
            public void onBlock(PeerWire w, int piece, int begin, ByteBuf block) {
                blocks.add(block); // kept: the reads under it must live until it is released
            }

            @Override
            public void onClosed(PeerWire w, String reason) {
            }
        });
        FrameCutter cutter = new FrameCutter(1 << 20);
        List<ByteBuf> reads = new ArrayList<>();
        for (int at = 0; at < all.length; at += 5000) {
            ByteBuf read = Unpooled.directBuffer(5000).writeBytes(all, at, Math.min(5000, all.length - at));
            reads.add(read);
            cutter.feed(read, wire);
            read.release(); // the caller's reference, as the wire does
        }
        assertThat(blocks).hasSize(2);
        byte[] big = new byte[blocks.get(0).readableBytes()];
        blocks.get(0).getBytes(blocks.get(0).readerIndex(), big);
        assertThat(big).isEqualTo(((PeerMessage.Piece) sample().get(3)).block());
        assertThat(blocks.get(0).nioBufferCount()).as("slices of the reads, not a copy").isGreaterThan(1);
        blocks.forEach(ByteBuf::release);
        cutter.release();
        assertThat(reads).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }

    @Test
    void aTrickleOfTinyReadsIsMergedNotHeldAsABufferEach() {
        byte[] all = stream(sample());
        Collector c = new Collector();
        PeerWire wire = new PeerWire(true, c);
        FrameCutter cutter = new FrameCutter(1 << 20);
        List<ByteBuf> reads = new ArrayList<>();
        for (int at = 0; at < all.length; at += 3) {
            ByteBuf read = Unpooled.buffer(3).writeBytes(all, at, Math.min(3, all.length - at));
            reads.add(read);
            cutter.feed(read, wire);
            read.release();
            assertThat(cutter.heldParts()).isLessThanOrEqualTo(FrameCutter.MAX_PARTS);
        }
        assertThat(c.got).containsExactlyElementsOf(sample());
        cutter.release();
        assertThat(reads).allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }
}
