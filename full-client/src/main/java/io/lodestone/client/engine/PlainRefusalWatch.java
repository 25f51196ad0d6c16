package io.lodestone.client.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * In front of an outgoing plaintext connection: when the peer closes it without a single byte
 * back (what a client that requires encryption does to a plain handshake), tells the owner; steps
 * aside at the first byte.
 */
final class PlainRefusalWatch extends ChannelInboundHandlerAdapter {

    private final Runnable onRefused;

    PlainRefusalWatch(Runnable onRefused) {
        this.onRefused = onRefused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        onRefused.run();
        ctx.fireExceptionCaught(new MseHandler.MseException(
                "peer closed after our plaintext handshake without a byte back (it may require encryption)"));
        ctx.fireChannelInactive();
    }
}
