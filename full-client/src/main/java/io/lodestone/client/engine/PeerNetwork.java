package io.lodestone.client.engine;

import io.lodestone.dht.net.Transports;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.mse.SkeyDirectory;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sockets of a client: one event loop group for every peer connection, the listening socket
 * that routes incoming connections to their torrent by the info-hash in the handshake, outgoing
 * connects, one peer id, and the disk pool. Torrents register here while they run. Every
 * connection takes a slot of {@link ConnectionCaps} (a global cap and a per-IP cap on incoming
 * ones), and an incoming connection that has not sent its handshake within the handshake timeout
 * is closed, so idle sockets cannot pile up before any torrent sees them.
 */
public final class PeerNetwork implements AutoCloseable {

    /** Send buffer above which a connection counts as busy and we stop queueing blocks to it. */
    static final int WRITE_HIGH_WATER = 1 << 20;
    static final int WRITE_LOW_WATER = 256 * 1024;
    /** Socket buffers: libtorrent's loopback settings use 4 MiB; the kernel caps them anyway. */
    static final int SOCKET_BUFFER = 4 << 20;
    static final int ACCEPT_BACKLOG = 128;
    /**
     * Socket reads grow from 64 KiB up to this while they come back full: fewer system calls, and
     * fewer 16 KiB blocks split across two reads (which the frame cutter must copy).
     */
    static final int READ_BUFFER_MAX = 1 << 20;
    static final int READ_BUFFER_INITIAL = 64 * 1024;
    static final int READ_BUFFER_MIN = 512;

    private final EngineConfig config;
    private final EventLoopGroup group;
    private final Channel server;
    private final byte[] peerId;
    private final ExecutorService disk;
    private final Map<InfoHash, PeerWire.Listener> torrents = new ConcurrentHashMap<>();
    private final TokenBucket upload;
    private final TokenBucket download;
    private final ConnectionCaps caps;
    /** The torrents incoming MSE handshakes may name; the same set as {@link #torrents}. */
    private final SkeyDirectory skeys;
    private final EncryptionChoice encryption;
    /** Diffie-Hellman keys and pads: thread-safe, shared by every connection. */
    private final SecureRandom random;
    /** uTP beside TCP, once {@link #useUtp} is called. */
    private volatile UtpPeers utp;
    /** Peers PEX said do not speak uTP: under prefer-utp they are dialled over TCP straight away. */
    private final Map<InetSocketAddress, Boolean> tcpOnlyPeers = new ConcurrentHashMap<>();
    /** Past this many, the set starts over: it is a hint, and memory stays bounded. */
    static final int MAX_TCP_ONLY_PEERS = 10_000;

    private PeerNetwork(EngineConfig config, EventLoopGroup group, Channel server, byte[] peerId,
                        ExecutorService disk, ConnectionCaps caps, SkeyDirectory skeys, SecureRandom random) {
        this.config = config;
        this.caps = caps;
        this.skeys = skeys;
        this.random = random;
        this.encryption = new EncryptionChoice(config.encryption());
        this.group = group;
        this.server = server;
        this.peerId = peerId;
        this.disk = disk;
        this.upload = new TokenBucket(io.lodestone.time.Clock.system(), config.uploadRateLimit());
        this.download = new TokenBucket(io.lodestone.time.Clock.system(), config.downloadRateLimit());
    }

    /** Binds the listening socket; fails when the port is taken. */
    public static PeerNetwork start(EngineConfig config) throws InterruptedException {
        EventLoopGroup group = Transports.newGroup(config.networkThreads(), "peer-net");
        AtomicInteger diskIds = new AtomicInteger();
        ExecutorService disk = Executors.newFixedThreadPool(config.diskThreads(), r -> {
            Thread t = new Thread(r, "peer-disk-" + diskIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        PeerNetwork[] self = new PeerNetwork[1];
        ConnectionCaps caps = new ConnectionCaps(config.maxConnections(), config.maxIncomingPerIp());
        SkeyDirectory skeys = new SkeyDirectory();
        SecureRandom random = new SecureRandom();
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channel(Transports.nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, readBuffers())
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER, WRITE_HIGH_WATER))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        self[0].initIncoming(ch);
                    }
                });
        InetSocketAddress bind = config.bindAddress() == null ? new InetSocketAddress(config.listenPort())
                : new InetSocketAddress(config.bindAddress(), config.listenPort());
        ChannelFuture f = b.bind(bind).await();
        if (!f.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            disk.shutdownNow();
            throw new IllegalStateException("cannot listen on " + bind + ": " + f.cause().getMessage(), f.cause());
        }
        self[0] = new PeerNetwork(config, group, f.channel(), PeerId.generate(), disk, caps, skeys, random);
        return self[0];
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * An incoming connection, TCP or uTP: a slot of the per-IP cap, MSE or plaintext as the
     * handshake shows, routed by its info-hash, closed if no handshake comes in time.
     */
    private void initIncoming(Channel ch) {
        InetAddress ip = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        if (!caps.tryIncoming(ip)) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(x -> caps.closedIncoming(ip));
        PeerWire wire = new PeerWire(false, router());
        ch.pipeline().addLast(MseHandler.receiver(config.encryption(), skeys, random), wire);
        ch.eventLoop().schedule(() -> {
            if (!wire.handshakeReceived()) {
                wire.close("handshake timeout");
            }
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Speaks uTP too, over {@code utp} (normally bound to {@link #port()}'s number): incoming uTP
     * connections are accepted like TCP ones, and outgoing ones go over uTP as its mode says.
     */
    public void useUtp(UtpPeers utp) {
        this.utp = utp;
        if (utp.dials()) {
            utp.accept(group, this::initIncoming);
        }
    }

    /** Where peers reach us: the bound address (the wildcard when bound to all) and our port. */
    public InetSocketAddress selfAddress() {
        return config.bindAddress() == null ? new InetSocketAddress(port())
                : new InetSocketAddress(config.bindAddress(), port());
    }

    /** The TCP port peers reach us on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    public EventLoop nextLoop() {
        return group.next();
    }

    public ExecutorService disk() {
        return disk;
    }

    /** The rate limit shared by every torrent of this client. */
    public TokenBucket uploadLimit() {
        return upload;
    }

    public TokenBucket downloadLimit() {
        return download;
    }

    /** Incoming connections for {@code infoHash} (v1, or v2 truncated) go to {@code torrent}. */
    public void register(InfoHash infoHash, PeerWire.Listener torrent) {
        torrents.put(infoHash.truncated(), torrent);
        skeys.add(infoHash.truncated().bytes());
    }

    public void unregister(InfoHash infoHash) {
        torrents.remove(infoHash.truncated());
        skeys.remove(infoHash.truncated().bytes());
    }

    /** What PEX says of a peer's uTP (flag 0x04); honoured under prefer-utp. */
    void peerUtpFlag(InetSocketAddress address, boolean supportsUtp) {
        if (supportsUtp) {
            tcpOnlyPeers.remove(address);
            return;
        }
        if (tcpOnlyPeers.size() >= MAX_TCP_ONLY_PEERS) {
            tcpOnlyPeers.clear();
        }
        tcpOnlyPeers.put(address, Boolean.TRUE);
    }

    /** A peer others say prefers encryption (PEX): under {@code prefer} it is dialled with MSE first. */
    void peerPrefersEncryption(InetSocketAddress address) {
        encryption.preferred(address);
    }

    private static AdaptiveRecvByteBufAllocator readBuffers() {
        return new AdaptiveRecvByteBufAllocator(READ_BUFFER_MIN, READ_BUFFER_INITIAL, READ_BUFFER_MAX);
    }

    /** Connection slots free over every torrent; a torrent dials no more than this. */
    public int connectionRoom() {
        return caps.room();
    }

    public ConnectionCaps caps() {
        return caps;
    }

    /**
     * Connects to {@code address} for the torrent {@code infoHash} on {@code loop}, with or without
     * MSE as the encryption policy and what this peer refused before say; the listener hears of
     * the handshake or the failure. Null when every connection slot is taken.
     */
    public PeerWire connect(InetSocketAddress address, InfoHash infoHash, EventLoop loop, PeerWire.Listener listener) {
        return connect(address, infoHash, loop, listener, false);
    }

    /** Whether peers can reach us over uTP, and we them: what BEP 55 needs. */
    public boolean speaksUtp() {
        UtpPeers u = utp;
        return u != null && u.dials();
    }

    /**
     * As {@link #connect(InetSocketAddress, InfoHash, EventLoop, PeerWire.Listener)}, over uTP alone
     * when {@code utpOnly}: a BEP 55 {@code connect} means a uTP hole punch, never TCP.
     */
    public PeerWire connect(InetSocketAddress address, InfoHash infoHash, EventLoop loop, PeerWire.Listener listener,
                            boolean utpOnly) {
        if (utpOnly && !speaksUtp()) {
            return null;
        }
        if (!caps.tryOutgoing()) {
            return null;
        }
        PeerWire wire = new PeerWire(true, listener, address);
        boolean encrypt = encryption.encrypt(address);
        Runnable refused = () -> encryption.refused(address, encrypt);
        java.util.function.Consumer<Channel> init = ch -> ch.pipeline().addLast(encrypt
                ? MseHandler.initiator(infoHash.truncated().bytes(), encryption.policy(), random, refused)
                : new PlainRefusalWatch(refused), wire);
        UtpPeers u = utp;
        if (u != null && u.dials() && !(u.mode() == io.lodestone.resolve.PeerTransport.Mode.PREFER_UTP
                && tcpOnlyPeers.containsKey(address))) {
            u.dial(address, loop, (int) config.connectTimeout().toMillis(), ch -> {
                ch.closeFuture().addListener(x -> caps.closedOutgoing());
                init.accept(ch);
            }, why -> {
                if (u.mode() == io.lodestone.resolve.PeerTransport.Mode.PREFER_UTP && !utpOnly) {
                    loop.execute(() -> connectTcp(address, loop, wire, init));
                } else {
                    caps.closedOutgoing();
                    wire.connectFailed(why);
                }
            });
            return wire;
        }
        connectTcp(address, loop, wire, init);
        return wire;
    }

    private void connectTcp(InetSocketAddress address, EventLoop loop, PeerWire wire,
                            java.util.function.Consumer<Channel> init) {
        ChannelInitializer<SocketChannel> pipeline = new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                init.accept(ch);
            }
        };
        Bootstrap b = new Bootstrap().group(loop)
                .channel(Transports.nativeEpoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, readBuffers())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(WRITE_LOW_WATER,
                        WRITE_HIGH_WATER))
                .handler(pipeline);
        ChannelFuture connecting = b.connect(address);
        connecting.channel().closeFuture().addListener(x -> caps.closedOutgoing()); // a failed connect closes too
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                wire.connectFailed("connect failed: " + f.cause().getMessage());
            }
        });
    }

    /** Routes an incoming connection by its handshake, then steps aside. */
    private PeerWire.Listener router() {
        return new PeerWire.Listener() {
            @Override
            public void onHandshake(PeerWire wire, Handshake handshake) {
                PeerWire.Listener t = torrents.get(handshake.infoHash());
                if (t == null) {
                    wire.close("no such torrent: " + handshake.infoHash().hex());
                    return;
                }
                wire.attach(t);
                t.onHandshake(wire, handshake);
            }

            @Override
            public void onMessage(PeerWire wire, PeerMessage message) {
                // never reached: a wire is attached to its torrent before any frame
            }

            @Override
            public void onBlock(PeerWire wire, int piece, int begin, io.netty.buffer.ByteBuf block) {
                block.release(); // never reached either
            }

            @Override
            public void onClosed(PeerWire wire, String reason) {
                // closed before its handshake: nobody to tell
            }
        };
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        UtpPeers u = utp;
        if (u != null) {
            u.manager().onAccept(null);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        disk.shutdownNow();
    }
}
