package io.lodestone.client.engine;

import io.lodestone.wire.utp.UtpSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Netty channel over one connected uTP connection, so the peer-wire pipeline (MSE, PeerWire)
 * runs over uTP as it does over TCP. It lives on a peer-network event loop; the uTP thread only
 * signals it (a packet or a tick changed something) and the loop then reads what arrived, as far
 * as the pipeline asks, and writes what the send buffer has room for. Unread data stays in the
 * uTP receive buffer and closes the advertised window, as an unread TCP socket does.
 */
final class UtpChannel extends AbstractChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** Bytes one pump hands up at most before letting other channels of the loop run. */
    private static final int READ_BATCH = 1 << 20;
    private static final int READ_CHUNK = 64 * 1024;

    private final UtpSocket socket;
    private final DefaultChannelConfig config = new DefaultChannelConfig(this);
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private final byte[] chunk = new byte[READ_CHUNK];
    private volatile boolean open = true;
    private boolean readRequested;

    UtpChannel(UtpSocket connected) {
        super(null);
        this.socket = connected;
        config.setWriteBufferWaterMark(new WriteBufferWaterMark(PeerNetwork.WRITE_LOW_WATER,
                PeerNetwork.WRITE_HIGH_WATER));
        connected.onEvent(this::signal);
    }

    /** From the uTP thread: one pump queued on the loop, however many events come meanwhile. */
    private void signal() {
        if (isRegistered() && pumpQueued.compareAndSet(false, true)) {
            try {
                eventLoop().execute(this::pump);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                open = false; // the network is shutting down: nobody is left to read or write
            }
        }
    }

    private void pump() {
        pumpQueued.set(false);
        if (!open) {
            return;
        }
        ChannelPipeline p = pipeline();
        try {
            if (readRequested) {
                int total = 0;
                boolean any = false;
                while (total < READ_BATCH) {
                    int n = socket.readNow(chunk, 0, chunk.length);
                    if (n < 0) {
                        if (any) {
                            p.fireChannelReadComplete();
                        }
                        unsafe().close(voidPromise());
                        return;
                    }
                    if (n == 0) {
                        break;
                    }
                    ByteBuf b = alloc().buffer(n).writeBytes(chunk, 0, n);
                    total += n;
                    any = true;
                    if (!config.isAutoRead()) {
                        readRequested = false;
                    }
                    p.fireChannelRead(b);
                    if (!readRequested) {
                        break;
                    }
                }
                if (any) {
                    p.fireChannelReadComplete();
                }
                if (total >= READ_BATCH) {
                    signal(); // more may be waiting: come back after the loop's other work
                }
            }
            if (unsafe().outboundBuffer() != null && unsafe().outboundBuffer().totalPendingWriteBytes() > 0) {
                unsafe().flush(); // acks freed room in the send buffer
            }
        } catch (IOException e) {
            p.fireExceptionCaught(e);
            unsafe().close(voidPromise());
        }
    }

    @Override
    protected void doBeginRead() {
        readRequested = true;
        signal();
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        while (true) {
            Object msg = in.current();
            if (msg == null) {
                return;
            }
            ByteBuf b = (ByteBuf) msg;
            if (b.readableBytes() == 0) {
                in.remove();
                continue;
            }
            int room = Math.min(b.readableBytes(), socket.writable());
            if (room == 0) {
                return; // the next ack signals, and pump flushes again
            }
            byte[] bytes = new byte[room];
            b.getBytes(b.readerIndex(), bytes);
            int n = socket.writeNow(bytes, 0, room);
            in.removeBytes(n);
            if (n < room) {
                return;
            }
        }
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("uTP channels write ByteBufs only: " + msg.getClass().getName());
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("a uTP channel is made connected"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof SingleThreadEventLoop;
    }

    @Override
    protected SocketAddress localAddress0() {
        return socket.getLocalSocketAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    protected void doBind(SocketAddress local) {
        throw new UnsupportedOperationException("uTP channels share their manager's port");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
        socket.close(); // FIN after what is queued
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && socket.isConnected();
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }
}
