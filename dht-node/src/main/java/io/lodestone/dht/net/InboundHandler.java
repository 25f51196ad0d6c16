package io.lodestone.dht.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every datagram to the node, on the node's event loop; flushes answers per read batch.
 * Shared by a node's IPv4 and IPv6 channels, which are registered on the same loop.
 */
@ChannelHandler.Sharable
final class InboundHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private final FarmNode node;
    private final NodeSockets sockets;
    /**
     * Reused for every datagram: the node copies what it keeps (the decoder copies its input), so
     * one array per handler saves an allocation per datagram. Handlers run on one loop only.
     */
    private final byte[] scratch = new byte[Transports.DATAGRAM_SLOT];

    /** Dispatches to the farm node's current node, which changes when it takes a BEP 42 id. */
    InboundHandler(FarmNode node, NodeSockets sockets) {
        this.node = node;
        this.sockets = sockets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        byte[] bytes = length <= scratch.length ? scratch : new byte[length];
        content.getBytes(content.readerIndex(), bytes, 0, length);
        node.node().onDatagram(packet.sender(), bytes, 0, length);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sockets.flush();
        node.checkJoinWaits();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP port unreachable surfacing as PortUnreachableException: the node's timeouts
        // handle the peer; the socket stays open
        LOG.debug("udp socket error on {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
