package io.lodestone.client.engine;

import io.lodestone.resolve.PeerTransport;
import io.lodestone.wire.utp.UtpSocket;
import io.lodestone.wire.utp.UtpSocketManager;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The uTP side of {@link PeerNetwork}: dials peers over a shared {@link UtpSocketManager} and turns
 * connected uTP sockets, outgoing and incoming, into {@link UtpChannel}s on the network's event
 * loops, with the same pipeline a TCP connection gets.
 *
 * @param manager the UDP port, normally bound to the same port number as the TCP listener
 * @param mode    {@code prefer-utp} dials uTP first and TCP when that fails; {@code utp-only}
 *                never dials TCP; {@code tcp-only} neither dials nor accepts uTP
 */
public record UtpPeers(UtpSocketManager manager, PeerTransport.Mode mode) {

    public UtpPeers {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(mode, "mode");
    }

    boolean dials() {
        return mode != PeerTransport.Mode.TCP_ONLY;
    }

    /**
     * Connects on a virtual thread (the SYN's wait is bounded by {@code timeoutMillis}); on
     * success the channel is set up by {@code init} and registered on {@code loop}, else
     * {@code failed} hears why.
     */
    void dial(InetSocketAddress peer, EventLoop loop, int timeoutMillis, Consumer<Channel> init,
              Consumer<String> failed) {
        Thread.ofVirtual().name("utp-dial " + peer).start(() -> {
            UtpSocket s = null;
            try {
                s = manager.newSocket();
                s.connect(peer, timeoutMillis);
            } catch (IOException | RuntimeException e) {
                if (s != null) {
                    s.close();
                }
                failed.accept("uTP connect failed: " + e.getMessage());
                return;
            }
            register(s, loop, init);
        });
    }

    /** Incoming uTP connections, set up by {@code init}, spread over {@code group}'s loops. */
    void accept(EventLoopGroup group, Consumer<Channel> init) {
        manager.onAccept(s -> register(s, group.next(), init));
    }

    private static void register(UtpSocket s, EventLoop loop, Consumer<Channel> init) {
        UtpChannel ch = new UtpChannel(s);
        // set up on the loop once registered and before the channel goes active, as TCP's are
        ch.pipeline().addLast(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                init.accept(c);
            }
        });
        loop.register(ch).addListener(f -> {
            if (!f.isSuccess()) {
                s.close();
            }
        });
    }
}
