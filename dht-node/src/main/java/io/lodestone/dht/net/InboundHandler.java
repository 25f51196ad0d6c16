package io.lodestone.dht.net;

import io.lodestone.dht.node.DhtNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every datagram to the node, on the node's event loop; flushes answers per read batch. */
final class InboundHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private final DhtNode node;
    private final NodeSockets sockets;

    InboundHandler(DhtNode node, NodeSockets sockets) {
        this.node = node;
        this.sockets = sockets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] bytes = ByteBufUtil.getBytes(content);
        node.onDatagram(packet.sender(), bytes, 0, bytes.length);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        sockets.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP port unreachable surfacing as PortUnreachableException: the node's timeouts
        // handle the peer; the socket stays open
        LOG.debug("udp socket error on {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
