package io.lodestone.client.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.SkeyDirectory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link MseHandler} on embedded channels: two of them talking, split reads, refusals, buffers freed. */
class MseHandlerTest {

    private static final byte[] SKEY = new byte[20];
    private static final byte[] BT_HANDSHAKE = btHandshake();

    static {
        Arrays.fill(SKEY, (byte) 0x5A);
    }

    /** What reaches the handler behind MSE, copied, its buffers released; and any error it saw. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final List<ByteBuf> seen = new ArrayList<>();
        String error;
        Throwable cause;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            seen.add(b);
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            got.writeBytes(bytes);
            b.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error = cause.getMessage();
            this.cause = cause;
        }
    }

    @Test
    void bothSidesAgreeAtEverySplitOfTheFirstFlights() {
        for (int split = 0; split <= 700; split += 1) {
            AtomicInteger refused = new AtomicInteger();
            Sink a = new Sink();
            Sink b = new Sink();
            EmbeddedChannel ca = new EmbeddedChannel(MseHandler.initiator(SKEY, EncryptionPolicy.PREFER,
                    new SplittableRandom(split), refused::incrementAndGet), a);
            EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                    SkeyDirectory.of(SKEY), new SplittableRandom(-split)), b);
            ca.writeAndFlush(Unpooled.wrappedBuffer(BT_HANDSHAKE)); // before Yb: travels as IA
            for (int round = 0; round < 4; round++) {
                pump(ca, cb, split);
                pump(cb, ca, split);
            }
            assertThat(b.got.toByteArray()).as("split %d", split).isEqualTo(BT_HANDSHAKE);
            byte[] msg = "hello from the receiver".getBytes(StandardCharsets.US_ASCII);
            cb.writeAndFlush(Unpooled.wrappedBuffer(msg));
            pump(cb, ca, split);
            assertThat(a.got.toByteArray()).isEqualTo(msg);
            assertThat(refused).hasValue(0);
            assertThat(ca.isActive() && cb.isActive()).isTrue();
            assertThat(ca.finishAndReleaseAll()).isFalse();
            assertThat(cb.finishAndReleaseAll()).isFalse();
            assertThat(a.seen).allMatch(x -> x.refCnt() == 0);
            assertThat(b.seen).allMatch(x -> x.refCnt() == 0);
        }
    }

    @Test
    void largeStreamsBothWaysStayIntactUnderRc4() {
        Sink a = new Sink();
        Sink b = new Sink();
        EmbeddedChannel ca = new EmbeddedChannel(MseHandler.initiator(SKEY, EncryptionPolicy.REQUIRE,
                new SplittableRandom(1), () -> { }), a);
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.REQUIRE,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        for (int round = 0; round < 3; round++) {
            pump(ca, cb, 1000);
            pump(cb, ca, 1000);
        }
        Random r = new Random(3);
        byte[] big = new byte[300_000];
        r.nextBytes(big);
        ca.writeAndFlush(Unpooled.wrappedBuffer(big));
        cb.writeAndFlush(Unpooled.wrappedBuffer(big));
        ByteArrayOutputStream onWire = new ByteArrayOutputStream();
        for (ByteBuf o; (o = ca.readOutbound()) != null; ) {
            byte[] bytes = new byte[o.readableBytes()];
            o.getBytes(o.readerIndex(), bytes);
            onWire.writeBytes(bytes);
            cb.writeInbound(o);
        }
        pump(cb, ca, 7777);
        assertThat(onWire.toByteArray()).isNotEqualTo(big); // encrypted on the wire
        assertThat(MseHandler.encrypted(ca) && MseHandler.encrypted(cb)).isTrue();
        assertThat(b.got.toByteArray()).isEqualTo(big);
        assertThat(a.got.toByteArray()).isEqualTo(big);
        assertThat(ca.finishAndReleaseAll()).isFalse();
        assertThat(cb.finishAndReleaseAll()).isFalse();
    }

    @Test
    void plainHandshakePassesThroughAndTheHandlerStepsAside() {
        Sink b = new Sink();
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        for (byte x : BT_HANDSHAKE) {
            cb.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertThat(b.got.toByteArray()).isEqualTo(BT_HANDSHAKE);
        assertThat(cb.pipeline().get(MseHandler.class)).isNull();
        assertThat(MseHandler.encrypted(cb)).isFalse();
        cb.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ByteBuf out = cb.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(3);
        out.release();
        assertThat(cb.finishAndReleaseAll()).isFalse();
    }

    @Test
    void plainHandshakeIsClosedWhenEncryptionIsRequired() {
        Sink b = new Sink();
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.REQUIRE,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        ByteBuf in = Unpooled.wrappedBuffer(BT_HANDSHAKE);
        cb.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat(cb.isActive()).isFalse();
        assertThat(b.error).contains("encryption is required");
        assertThat(b.got.size()).isZero();
    }

    @Test
    void wrongSkeyIsClosedAndNothingReachesTheWire() {
        Sink a = new Sink();
        Sink b = new Sink();
        byte[] other = SKEY.clone();
        other[0] ^= 1;
        EmbeddedChannel ca = new EmbeddedChannel(MseHandler.initiator(other, EncryptionPolicy.PREFER,
                new SplittableRandom(1), () -> { }), a);
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        ca.writeAndFlush(Unpooled.wrappedBuffer(BT_HANDSHAKE));
        for (int round = 0; round < 3; round++) {
            pump(ca, cb, 50);
            pump(cb, ca, 50);
        }
        assertThat(cb.isActive()).isFalse();
        assertThat(b.error).contains("names no torrent");
        assertThat(b.got.size()).isZero();
        ca.finishAndReleaseAll();
        cb.finishAndReleaseAll();
    }

    @Test
    void garbageEndsTheHandshakeWithinTheSpecLimits() {
        Sink b = new Sink();
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        Random r = new Random(5);
        List<ByteBuf> fed = new ArrayList<>();
        for (int i = 0; i < 100 && cb.isActive(); i++) {
            byte[] junk = new byte[37];
            r.nextBytes(junk);
            junk[0] = (byte) (i == 0 ? 0x44 : junk[0]);
            ByteBuf buf = Unpooled.wrappedBuffer(junk);
            fed.add(buf);
            cb.writeInbound(buf);
        }
        assertThat(cb.isActive()).isFalse();
        assertThat(b.error).contains("no HASH('req1', S)");
        assertThat(fed).allMatch(x -> x.refCnt() == 0);
        cb.finishAndReleaseAll();
    }

    @Test
    void aPeerClosingDuringTheHandshakeIsAReportedRefusalAndQueuedWritesAreFreed() {
        AtomicInteger refused = new AtomicInteger();
        Sink a = new Sink();
        EmbeddedChannel ca = new EmbeddedChannel(MseHandler.initiator(SKEY, EncryptionPolicy.PREFER,
                new SplittableRandom(1), refused::incrementAndGet), a);
        ByteBuf ia = Unpooled.wrappedBuffer(BT_HANDSHAKE);
        ca.writeAndFlush(ia);
        ByteBuf tooLate = Unpooled.wrappedBuffer(new byte[70_000]); // over IA's limit: queued
        ca.writeAndFlush(tooLate);
        ca.close();
        assertThat(refused).hasValue(1);
        assertThat(a.error).contains("refused the encrypted handshake");
        assertThat(ia.refCnt()).isZero();
        assertThat(tooLate.refCnt()).isZero();
        ca.finishAndReleaseAll();
    }

    /**
     * A close after Yb, when the secret is one an older libtorrent misreads (about 1 in 256), is
     * no refusal of encryption: the next dial stays encrypted, with a new key. Any other is one.
     */
    @Test
    void aCloseOfAHandshakeWhoseSecretOlderLibtorrentMisreadsIsNoRefusal() {
        int misread = 0;
        int plain = 0;
        for (int seed = 0; misread < 2 || plain < 2; seed++) {
            AtomicInteger refused = new AtomicInteger();
            Sink a = new Sink();
            MseHandler initiator = MseHandler.initiator(SKEY, EncryptionPolicy.PREFER, new SplittableRandom(seed),
                    refused::incrementAndGet);
            EmbeddedChannel ca = new EmbeddedChannel(initiator, a);
            ca.writeAndFlush(Unpooled.wrappedBuffer(BT_HANDSHAKE));
            EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                    SkeyDirectory.of(SKEY), new SplittableRandom(seed + 1_000_000)), new Sink());
            cb.writeInbound((ByteBuf) ca.readOutbound()); // Ya and PadA
            ca.writeInbound((ByteBuf) cb.readOutbound()); // Yb and PadB: the initiator has its secret now
            boolean leadingZero = initiator.secretMisreadByOldLibtorrent();
            ca.close(); // the peer closes before it answers
            if (leadingZero) {
                misread++;
                assertThat(refused).as("seed %d", seed).hasValue(0);
                assertThat(a.error).contains("older libtorrent misreads");
                assertThat(((MseHandler.MseException) a.cause).redialAtOnce).as("dialled again without the wait").isTrue();
            } else {
                plain++;
                assertThat(refused).as("seed %d", seed).hasValue(1);
                assertThat(a.error).contains("refused the encrypted handshake");
                assertThat(((MseHandler.MseException) a.cause).redialAtOnce).isFalse();
            }
            ca.finishAndReleaseAll();
            cb.finishAndReleaseAll();
        }
    }

    @Test
    void plaintextWatchReportsACloseWithoutAByteAndStepsAsideOtherwise() {
        AtomicInteger refused = new AtomicInteger();
        Sink a = new Sink();
        EmbeddedChannel quiet = new EmbeddedChannel(new PlainRefusalWatch(refused::incrementAndGet), a);
        quiet.close();
        assertThat(refused).hasValue(1);
        assertThat(a.error).contains("plaintext handshake");
        EmbeddedChannel talks = new EmbeddedChannel(new PlainRefusalWatch(refused::incrementAndGet), new Sink());
        talks.writeInbound(Unpooled.wrappedBuffer(new byte[] {19}));
        assertThat(talks.pipeline().get(PlainRefusalWatch.class)).isNull();
        talks.close();
        assertThat(refused).hasValue(1);
    }

    @Test
    void aPeerSilentAfterItsFirstBytesIsClosedAtTheHandshakeTimeout() {
        Sink b = new Sink();
        EmbeddedChannel cb = new EmbeddedChannel(MseHandler.receiver(EncryptionPolicy.PREFER,
                SkeyDirectory.of(SKEY), new SplittableRandom(2)), b);
        cb.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x44, 1, 2}));
        cb.advanceTimeBy(MseHandler.HANDSHAKE_TIMEOUT.toSeconds() - 1, java.util.concurrent.TimeUnit.SECONDS);
        cb.runScheduledPendingTasks();
        assertThat(cb.isActive()).isTrue();
        cb.advanceTimeBy(2, java.util.concurrent.TimeUnit.SECONDS);
        cb.runScheduledPendingTasks();
        assertThat(cb.isActive()).isFalse();
        assertThat(b.error).contains("no encrypted handshake within");
        cb.finishAndReleaseAll();
    }

    /** Moves what {@code from} wrote to {@code to}'s input, cut at {@code split} and then in 97-byte reads. */
    private static void pump(EmbeddedChannel from, EmbeddedChannel to, int split) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuf o; (o = from.readOutbound()) != null; ) {
            byte[] bytes = new byte[o.readableBytes()];
            o.readBytes(bytes);
            o.release();
            all.writeBytes(bytes);
        }
        byte[] bytes = all.toByteArray();
        int cut = Math.min(split, bytes.length);
        feed(to, Arrays.copyOfRange(bytes, 0, cut));
        for (int off = cut; off < bytes.length; off += 97) {
            feed(to, Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 97)));
        }
    }

    private static void feed(EmbeddedChannel to, byte[] bytes) {
        if (bytes.length > 0 && to.isActive()) {
            to.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
    }

    private static byte[] btHandshake() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes("\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(new byte[8]);
        o.writeBytes(new byte[20]);
        o.writeBytes(new byte[20]);
        return o.toByteArray();
    }
}
