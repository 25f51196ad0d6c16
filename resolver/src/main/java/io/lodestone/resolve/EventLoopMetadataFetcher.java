package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.wire.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same metadata fetch as {@link MetadataFetcher} ({@link MetadataExchange} does all the
 * protocol and every limit), with the socket on a Netty event loop instead of a thread per
 * fetch. Given the DHT node's own loop, a resolve runs on one thread from lookup to verified
 * metadata, as libtorrent's network thread does: no hand-over between threads per read, which is
 * most of a fetch's time on loopback and what a loaded machine makes slow.
 *
 * <p>The future completes with a {@link FetchResult} (never exceptionally, short of a bug) no
 * later than the peer deadline plus {@link MetadataFetcher#WATCHDOG_GRACE}; cancelling it closes
 * the connection.
 */
public final class EventLoopMetadataFetcher {

    private final FetchConfig config;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final MetadataBudget budget;

    /**
     * @param group where the connections live: epoll or NIO, as {@code Transports.newGroup} makes
     *              them (epoll when its native library loads)
     */
    public EventLoopMetadataFetcher(FetchConfig config, EventLoopGroup group) {
        this.config = Objects.requireNonNull(config, "config");
        this.group = Objects.requireNonNull(group, "group");
        this.channelType = Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
        this.budget = new MetadataBudget(config.maxBufferedMetadata());
    }

    public FetchConfig config() {
        return config;
    }

    /** Starts fetching the metadata {@code magnet} names from {@code peer}. */
    public CompletableFuture<FetchResult> fetch(MagnetUri magnet, InetSocketAddress peer) {
        Objects.requireNonNull(magnet, "magnet");
        Objects.requireNonNull(peer, "peer");
        long start = System.nanoTime();
        CompletableFuture<FetchResult> future = new CompletableFuture<>();
        long connectMillis = Math.max(1, Math.min(config.connectTimeout().toMillis(), config.peerDeadline().toMillis()));
        ChannelFuture connect = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMillis))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new Exchange(magnet, peer, start, future))
                .connect(peer);
        Channel channel = connect.channel();
        // on success, failure and cancel alike
        future.whenComplete((r, e) -> channel.close());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                future.complete(new Failure(cause instanceof ConnectTimeoutException ? Reason.CONNECT_TIMEOUT
                        : future.isCancelled() ? Reason.CANCELLED : Reason.CONNECT_FAILED,
                        String.valueOf(cause), peer, Duration.ofNanos(System.nanoTime() - start)));
            }
        });
        return future;
    }

    /** One connection: Netty events in, {@link MetadataExchange} calls out. On the channel's loop only. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final MagnetUri magnet;
        private final InetSocketAddress peer;
        private final long start;
        private final CompletableFuture<FetchResult> future;
        private MetadataExchange exchange;
        private ScheduledFuture<?> ticker;
        private ScheduledFuture<?> watchdog;

        Exchange(MagnetUri magnet, InetSocketAddress peer, long start, CompletableFuture<FetchResult> future) {
            this.magnet = magnet;
            this.peer = peer;
            this.start = start;
            this.future = future;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            exchange = new MetadataExchange(magnet, config, peer, PeerId.generate(), start, System.nanoTime(), budget);
            long tick = MetadataFetcher.POLL_INTERVAL.toNanos();
            // the exchange looks at its clocks on every tick: handshake, piece and peer deadlines, trickling
            ticker = ctx.executor().scheduleAtFixedRate(() -> send(ctx, exchange.onTick(System.nanoTime())),
                    tick, tick, TimeUnit.NANOSECONDS);
            long left = start + config.peerDeadline().plus(MetadataFetcher.WATCHDOG_GRACE).toNanos() - System.nanoTime();
            watchdog = ctx.executor().schedule(() -> end(ctx, Reason.DEADLINE, "watchdog"), Math.max(0, left),
                    TimeUnit.NANOSECONDS);
            send(ctx, exchange.opening());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (exchange != null && !future.isDone()) {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    send(ctx, exchange.onBytes(bytes, 0, bytes.length, System.nanoTime()));
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(ctx, future.isCancelled() ? Reason.CANCELLED : Reason.CLOSED, "peer closed the connection");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(ctx, Reason.IO_ERROR, cause.toString());
        }

        private void send(ChannelHandlerContext ctx, byte[] bytes) {
            if (bytes.length > 0 && exchange.result() == null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }
            if (exchange.result() != null) {
                finish(ctx);
            }
        }

        /** The transport ended first: the exchange tells why (a deadline that passed is the truer reason). */
        private void end(ChannelHandlerContext ctx, Reason reason, String detail) {
            if (exchange != null) {
                exchange.onTransportEnd(reason, detail, System.nanoTime());
                finish(ctx);
            }
        }

        private void finish(ChannelHandlerContext ctx) {
            if (ticker != null) {
                ticker.cancel(false);
                watchdog.cancel(false);
            }
            future.complete(exchange.result());
            ctx.close();
        }
    }
}
