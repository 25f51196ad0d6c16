package io.lodestone.client.engine;

import io.lodestone.wire.mse.EncryptionPolicy;
import io.lodestone.wire.mse.Mse;
import io.lodestone.wire.mse.MseInitiator;
import io.lodestone.wire.mse.MseReceiver;
import io.lodestone.wire.mse.MseSession;
import io.lodestone.wire.mse.MseStep;
import io.lodestone.wire.mse.SkeyDirectory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The Netty side of MSE/PE, first in a peer connection's pipeline: runs the handshake through
 * {@link MseInitiator} or {@link MseReceiver}, then encrypts what is written and decrypts what is
 * read, or removes itself when the stream goes on in the clear. Writes from the handlers behind it
 * wait until the handshake is over (an initiator's first ones travel as the initial payload).
 * Reports an outgoing attempt the peer refused (closed before the handshake was over) to its owner.
 */
public final class MseHandler extends ChannelDuplexHandler {

    /** The whole handshake, as libtorrent's handshake_timeout (10 s). */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Set on a channel whose MSE handshake selected RC4: PEX tells others it prefers encryption. */
    static final AttributeKey<Boolean> RC4 = AttributeKey.valueOf("lodestone.mse.rc4");
    /** Bytes decrypted or encrypted through one temporary array at a time. */
    private static final int CHUNK = 16 * 1024;

    /** An error that ends the connection, its message the reason given to the peer wire. */
    static final class MseException extends IOException {
        /** The close was no answer about the peer: dial it again at once (with MSE, and a new key). */
        final boolean redialAtOnce;

        MseException(String message) {
            this(message, false);
        }

        MseException(String message, boolean redialAtOnce) {
            super(message);
            this.redialAtOnce = redialAtOnce;
        }
    }

    private final MseInitiator initiator;
    private final MseReceiver receiver;
    private final Runnable onRefused;
    private final ArrayDeque<Object[]> queued = new ArrayDeque<>();
    private final ByteArrayOutputStream initialPayload = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[CHUNK];
    private MseSession session;
    private boolean failed;
    private ScheduledFuture<?> timeout;

    private MseHandler(MseInitiator initiator, MseReceiver receiver, Runnable onRefused) {
        this.initiator = initiator;
        this.receiver = receiver;
        this.onRefused = onRefused;
    }

    /** An outgoing connection for the torrent {@code skey} that speaks MSE first. */
    static MseHandler initiator(byte[] skey, EncryptionPolicy policy, RandomGenerator random, Runnable onRefused) {
        return new MseHandler(new MseInitiator(skey, policy, random), null, Objects.requireNonNull(onRefused));
    }

    /** An incoming connection: a plain BitTorrent handshake or MSE, as {@code policy} allows. */
    static MseHandler receiver(EncryptionPolicy policy, SkeyDirectory torrents, RandomGenerator random) {
        return new MseHandler(null, new MseReceiver(policy, torrents, random), null);
    }

    /** Whether an outgoing handshake's secret is one an older libtorrent misreads (known once Yb is in). */
    boolean secretMisreadByOldLibtorrent() {
        return initiator != null && initiator.secretMisreadByOldLibtorrent();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, "no encrypted handshake within "
                + HANDSHAKE_TIMEOUT.toSeconds() + " s"), HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (initiator != null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(initiator.start()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (session != null) {
            if (!session.transparent()) {
                decryptInPlace(buf);
            }
            ctx.fireChannelRead(buf);
            return;
        }
        try {
            if (failed) {
                return;
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            if (initiator != null && initiator.acceptsInitialPayload()) {
                initiator.initialPayload(initialPayload.toByteArray());
            }
            MseStep step = initiator != null ? initiator.feed(bytes, 0, bytes.length)
                    : receiver.feed(bytes, 0, bytes.length);
            switch (step) {
                case MseStep.Pending p -> send(ctx, p.send());
                case MseStep.Failed f -> fail(ctx, "encrypted handshake failed: " + f.detail());
                case MseStep.Established e -> established(ctx, e);
            }
        } finally {
            buf.release();
        }
    }

    /** Whether {@code channel}'s stream runs under RC4. */
    static boolean encrypted(Channel channel) {
        return channel != null && Boolean.TRUE.equals(channel.attr(RC4).get());
    }

    private void established(ChannelHandlerContext ctx, MseStep.Established e) {
        session = e.session();
        ctx.channel().attr(RC4).set(session.encrypted());
        if (timeout != null) {
            timeout.cancel(false);
        }
        send(ctx, e.send());
        while (!queued.isEmpty()) {
            Object[] w = queued.poll();
            write(ctx, w[0], (ChannelPromise) w[1]);
        }
        ctx.flush();
        if (e.payload().length > 0) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(e.payload()));
        }
        if (session.transparent() && ctx.channel().isActive()) {
            ctx.pipeline().remove(this); // plain from here on: no copy per read
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (session == null) {
            if (initiator != null && initiator.acceptsInitialPayload() && msg instanceof ByteBuf b
                    && initialPayload.size() + b.readableBytes() <= Mse.MAX_INITIAL_PAYLOAD && queued.isEmpty()) {
                // goes out inside the third handshake message: the peer's answer comes one round trip sooner
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                initialPayload.writeBytes(bytes);
                b.release();
                promise.trySuccess();
            } else {
                queued.add(new Object[] {msg, promise});
            }
            return;
        }
        if (!session.encrypted()) {
            ctx.write(msg, promise);
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new MseException("cannot encrypt " + msg.getClass().getSimpleName()));
            return;
        }
        ByteBuf out = ctx.alloc().buffer(in.readableBytes());
        try {
            while (in.isReadable()) {
                int n = Math.min(CHUNK, in.readableBytes());
                in.readBytes(chunk, 0, n);
                session.encrypt(chunk, 0, n);
                out.writeBytes(chunk, 0, n);
            }
        } finally {
            in.release();
        }
        ctx.write(out, promise);
    }

    /** Decrypts {@code buf}'s readable bytes in place: a buffer just read from the socket is ours alone. */
    private void decryptInPlace(ByteBuf buf) {
        int at = buf.readerIndex();
        int end = buf.writerIndex();
        while (at < end) {
            int n = Math.min(CHUNK, end - at);
            buf.getBytes(at, chunk, 0, n);
            session.decrypt(chunk, 0, n);
            buf.setBytes(at, chunk, 0, n);
            at += n;
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] bytes) {
        if (bytes.length > 0) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (failed || session != null) {
            return;
        }
        failed = true;
        ctx.fireExceptionCaught(new MseException(reason));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        while (!queued.isEmpty()) {
            Object[] w = queued.poll();
            ReferenceCountUtil.release(w[0]);
            ((ChannelPromise) w[1]).tryFailure(new MseException("closed during the encrypted handshake"));
        }
        if (session == null && !failed && onRefused != null) {
            if (secretMisreadByOldLibtorrent()) {
                // not a refusal of encryption: an older libtorrent could not tell which torrent this
                // key named, and the next dial, with MSE again, has a new key; it need not wait
                ctx.fireExceptionCaught(new MseException("peer closed the encrypted handshake, whose secret "
                        + "older libtorrent misreads", true));
            } else {
                onRefused.run();
                ctx.fireExceptionCaught(new MseException("peer refused the encrypted handshake (closed during it)"));
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
