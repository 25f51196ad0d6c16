package io.lodestone.dht.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Netty plumbing: epoll on Linux when its native library loads, NIO everywhere else. */
public final class Transports {
    /**
     * Receive slot per datagram with recvmmsg. Larger than any datagram we accept (1500 bytes), so
     * an oversized one still arrives longer than that and is dropped as oversized, not truncated
     * into something that might parse.
     */
    static final int DATAGRAM_SLOT = 2048;
    /** Datagrams one recvmmsg call can return: one system call instead of this many. */
    static final int DATAGRAMS_PER_READ = 32;
    /**
     * Datagrams read before the loop turns to other work; answers are flushed once per read batch,
     * so this is also how many leave in one sendmmsg.
     */
    static final int MAX_MESSAGES_PER_READ = 64;

    private Transports() {
    }

    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory io = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * The channel type and receive options for a UDP socket bound to {@code bindTo}: with epoll,
     * batched reads (recvmmsg) into fixed slots, and longer read batches, so both receiving and
     * the flush of the answers that follows each batch cost fewer system calls.
     */
    static Bootstrap configureDatagram(Bootstrap b, InetAddress bindTo) {
        if (nativeEpoll() && bindTo instanceof Inet4Address) {
            // an IPv4 socket, not a dual-stack IPv6 one: every send and receive skips the IPv6
            // layer that would only hand the v4-mapped datagram on to IPv4
            b.channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET));
        } else {
            b.channel(datagramChannel());
        }
        b.option(ChannelOption.MAX_MESSAGES_PER_READ, MAX_MESSAGES_PER_READ);
        if (nativeEpoll()) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(DATAGRAM_SLOT * DATAGRAMS_PER_READ));
        }
        return b;
    }

    public static String name() {
        return nativeEpoll() ? "epoll" : "nio";
    }
}
