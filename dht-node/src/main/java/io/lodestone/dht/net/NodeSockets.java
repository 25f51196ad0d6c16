package io.lodestone.dht.net;

import io.lodestone.dht.node.DatagramSink;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * The UDP sockets of one node (an IPv4 one and optionally an IPv6 one) seen as a
 * {@link DatagramSink}. Writes are only flushed at the end of a read batch or a tick, so a burst
 * of answers leaves in one system call where the transport can batch (sendmmsg with epoll).
 * Used only from the node's event loop.
 */
final class NodeSockets implements DatagramSink {
    private Channel v4;
    private Channel v6;
    private boolean v4Dirty;
    private boolean v6Dirty;
    final LongAdder sendsWithoutSocket = new LongAdder();
    private final OutboundTap tap;

    NodeSockets() {
        this(OutboundTap.NONE);
    }

    NodeSockets(OutboundTap tap) {
        this.tap = tap;
    }

    void attach(Channel channel, boolean ipv6) {
        if (ipv6) {
            v6 = channel;
        } else {
            v4 = channel;
        }
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
        boolean ipv6 = to.getAddress() instanceof Inet6Address;
        Channel ch = ipv6 ? v6 : v4;
        if (ch == null || !ch.isActive()) {
            sendsWithoutSocket.increment();
            return;
        }
        ch.write(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to), ch.voidPromise());
        tap.sent(to, datagram.length);
        if (ipv6) {
            v6Dirty = true;
        } else {
            v4Dirty = true;
        }
    }

    void flush() {
        if (v4Dirty && v4 != null) {
            v4Dirty = false;
            v4.flush();
        }
        if (v6Dirty && v6 != null) {
            v6Dirty = false;
            v6.flush();
        }
    }

    InetSocketAddress localAddress4() {
        return v4 != null ? (InetSocketAddress) v4.localAddress() : null;
    }

    InetSocketAddress localAddress6() {
        return v6 != null ? (InetSocketAddress) v6.localAddress() : null;
    }

    void close() {
        if (v4 != null) {
            v4.close();
        }
        if (v6 != null) {
            v6.close();
        }
    }
}
