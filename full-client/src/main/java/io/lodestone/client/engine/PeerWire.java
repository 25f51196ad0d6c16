package io.lodestone.client.engine;

import io.lodestone.wire.FrameDecoder;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.PeerMessageCodec;
import io.lodestone.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Netty side of one peer connection: cuts the stream into the 68-byte handshake (resolver's
 * {@link Handshake}) and then frames ({@link FrameCutter}), hands them to a
 * {@link Listener}, and puts messages on the wire. Holds no protocol state beyond that; all
 * decisions are the listener's. Listener calls happen on the channel's loop, in stream order.
 */
public final class PeerWire extends ChannelInboundHandlerAdapter {

    /** What a connection reports. */
    public interface Listener {
        /** The TCP connection stood (outgoing: time to send our handshake). */
        default void onConnected(PeerWire wire) {
        }

        /** The peer's handshake arrived; frames follow only after this returns. */
        void onHandshake(PeerWire wire, Handshake handshake);

        void onMessage(PeerWire wire, PeerMessage message);

        /** A piece message; the callee owns {@code block} and must release it. */
        void onBlock(PeerWire wire, int piece, int begin, ByteBuf block);

        /** The connection ended; called once. */
        void onClosed(PeerWire wire, String reason);

        /** The send buffer drained below its low-water mark again. */
        default void onWritable(PeerWire wire) {
        }
    }

    private final boolean outgoing;
    private final FrameCutter frames = new FrameCutter(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    private final byte[] handshake = new byte[Handshake.LENGTH];
    private int handshakeFill;
    private volatile Listener listener;
    private volatile Channel channel;
    private volatile String closeReason;
    /** Set when it closed for a reason that says nothing about the peer (see {@link #redialAtOnce}). */
    private volatile boolean redialAtOnce;
    private volatile InetSocketAddress remote;
    private boolean closedReported;
    /** Inside a read batch on the loop: writes wait for its end and go out in one flush. */
    private boolean reading;
    private boolean unflushed;
    /** A piece message before its block: length prefix, id, piece, begin. */
    private static final int PIECE_HEADER = 13;

    public PeerWire(boolean outgoing, Listener listener) {
        this(outgoing, listener, null);
    }

    /** An outgoing wire knows where it dials before the connection stands (and if it never does). */
    PeerWire(boolean outgoing, Listener listener, InetSocketAddress target) {
        this.outgoing = outgoing;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.remote = target;
    }

    public boolean outgoing() {
        return outgoing;
    }

    /** Whether the peer's whole handshake has arrived; read on the connection's loop. */
    boolean handshakeReceived() {
        return handshakeFill >= Handshake.LENGTH;
    }

    /** Hands the connection to another listener (an incoming one, once its torrent is known). */
    public void attach(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    public boolean isWritable() {
        Channel c = channel;
        return c != null && c.isWritable();
    }

    /** Pauses or resumes reading from the socket (download rate limit, disk back-pressure). */
    public void setReading(boolean on) {
        Channel c = channel;
        if (c != null && c.config().isAutoRead() != on) {
            c.config().setAutoRead(on);
        }
    }

    public void sendHandshake(Handshake h) {
        write(Unpooled.wrappedBuffer(h.encode()));
    }

    public void send(PeerMessage m) {
        write(Unpooled.wrappedBuffer(PeerMessageCodec.encode(m)));
    }

    /**
     * Several messages in one write: a pipeline refill is one system call, not one per request.
     * Written straight into a direct buffer, as the socket needs: a heap buffer would be copied
     * into one on its way out.
     */
    public void send(java.util.List<? extends PeerMessage> messages) {
        Channel c = channel;
        if (messages.isEmpty() || c == null) {
            return;
        }
        byte[][] frames = new byte[messages.size()][];
        int bytes = 0;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = PeerMessageCodec.encode(messages.get(i));
            bytes += frames[i].length;
        }
        ByteBuf out = c.alloc().ioBuffer(bytes);
        for (byte[] frame : frames) {
            out.writeBytes(frame);
        }
        write(out);
    }

    /** A piece message carrying {@code data}, which this takes over (and releases once sent). */
    public void sendPiece(int piece, int begin, ByteBuf data) {
        Channel c = channel;
        if (c == null) {
            data.release();
            return;
        }
        int length = data.readableBytes();
        // direct, like the block: a heap header would make the socket copy the whole message
        ByteBuf header = c.alloc().ioBuffer(PIECE_HEADER);
        header.writeInt(PIECE_HEADER - 4 + length).writeByte(PeerMessage.PIECE).writeInt(piece).writeInt(begin);
        write(c.alloc().compositeDirectBuffer(2).addComponents(true, header, data));
    }

    /** Closes the connection; {@link Listener#onClosed} follows with this reason. */
    public void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        Channel c = channel;
        if (c != null) {
            if (unflushed) {
                unflushed = false;
                c.flush(); // what was said before the close still goes out
            }
            c.close();
        }
    }

    private void write(ByteBuf buf) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            buf.release();
            return;
        }
        if (reading && c.eventLoop().inEventLoop()) {
            // requests sent while reading blocks: one system call per read batch, not per block
            c.write(buf, c.voidPromise());
            unflushed = true;
        } else {
            c.writeAndFlush(buf, c.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (unflushed) {
            unflushed = false;
            ctx.channel().flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        // another transport (or a test channel) may have no IP address: keep what we dialled then
        if ((!outgoing || remote == null) && ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            remote = a;
        }
        listener.onConnected(this);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (remote == null && ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            remote = a;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        reading = true;
        try {
            if (closeReason != null) {
                return;
            }
            if (handshakeFill < Handshake.LENGTH) {
                int n = Math.min(buf.readableBytes(), Handshake.LENGTH - handshakeFill);
                buf.readBytes(handshake, handshakeFill, n);
                handshakeFill += n;
                if (handshakeFill < Handshake.LENGTH) {
                    return;
                }
                listener.onHandshake(this, Handshake.decode(handshake));
            }
            if (buf.isReadable() && closeReason == null) {
                frames.feed(buf, this);
            }
        } catch (WireFormatException e) {
            close("protocol error: " + e.getMessage());
        } catch (RuntimeException e) {
            close("internal error: " + e);
        } finally {
            buf.release();
        }
    }

    /** Called by the cutter for each whole frame, in order, while the connection stands. */
    void deliver(PeerMessage m) {
        if (closeReason == null) {
            listener.onMessage(this, m);
        }
    }

    void deliverBlock(int piece, int begin, ByteBuf block) {
        if (closeReason == null) {
            listener.onBlock(this, piece, begin, block);
        } else {
            block.release();
        }
    }

    /**
     * Whether the connection ended in a way that tells nothing about the peer, so that it is dialled
     * again without the usual wait: an older libtorrent closing an encrypted handshake whose secret
     * it misreads (1 dial in 256), which the next key will most likely not be.
     */
    boolean redialAtOnce() {
        return redialAtOnce;
    }

    boolean closing() {
        return closeReason != null;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            listener.onWritable(this);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        frames.release();
        reportClosed(closeReason == null ? "closed by peer" : closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReason == null) {
            closeReason = "i/o error: " + cause.getMessage();
            redialAtOnce = cause instanceof MseHandler.MseException mse && mse.redialAtOnce;
        }
        ctx.close();
    }

    /** Called by the connector when the connection never stood. */
    void connectFailed(String reason) {
        closeReason = reason;
        reportClosed(reason);
    }

    private void reportClosed(String reason) {
        if (!closedReported) {
            closedReported = true;
            listener.onClosed(this, reason);
        }
    }

    @Override
    public String toString() {
        return (outgoing ? "out " : "in ") + remote;
    }
}
