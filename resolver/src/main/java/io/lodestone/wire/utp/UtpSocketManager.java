package io.lodestone.wire.utp;

import io.lodestone.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One UDP socket carrying any number of uTP connections, told apart by (peer address, connection
 * id) as libtorrent's {@code utp_socket_manager} does. One thread reads datagrams, feeds each to
 * its connection (a SYN makes a new one when an acceptor is set), ticks every connection, and sends
 * what they say; applications use the blocking {@link UtpSocket}s it hands out. A datagram that is
 * not uTP or belongs to no connection is counted and dropped; bounded by {@link #maxConnections}.
 */
public final class UtpSocketManager implements AutoCloseable {

    /** How often every connection's timers are looked at. */
    static final long TICK_NANOS = 10_000_000L;
    /** The OS buffers: a full window of ours or a peer's fits without drops at the socket. */
    static final int SOCKET_BUFFER = 4 << 20;
    static final int MAX_DATAGRAM = 65_536;

    record Key(InetSocketAddress peer, int recvId) {
    }

    private final DatagramChannel channel;
    private final Selector selector;
    private final UtpConfig config;
    private final Clock clock;
    private final int maxConnections;
    private final RandomGenerator random = new SecureRandom();
    private final Map<Key, UtpSocket> sockets = new ConcurrentHashMap<>();
    private final Thread io;
    private volatile Consumer<UtpSocket> acceptor;
    private volatile boolean closed;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong datagramsIn = new AtomicLong();
    private final AtomicLong datagramsOut = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    private UtpSocketManager(DatagramChannel channel, UtpConfig config, Clock clock, int maxConnections)
            throws IOException {
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.maxConnections = maxConnections;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        this.io = Thread.ofPlatform().daemon().name("utp " + channel.getLocalAddress()).start(this::loop);
    }

    /** Binds a UDP socket (port 0 for any) and starts its thread. */
    public static UtpSocketManager bind(InetSocketAddress local, UtpConfig config, int maxConnections)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            ch.bind(local);
            return new UtpSocketManager(ch, config, Clock.system(), maxConnections);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Incoming connections go to {@code acceptor} (on the I/O thread: hand them off at once). */
    public void onAccept(Consumer<UtpSocket> acceptor) {
        this.acceptor = acceptor;
    }

    /** An unconnected socket; its {@link UtpSocket#connect} sends the SYN. */
    public UtpSocket newSocket() throws IOException {
        return new UtpSocket(this);
    }

    /** Registers a new outgoing connection under a free connection id; called by UtpSocket.connect. */
    UtpConnection open(InetSocketAddress peer, UtpSocket socket) throws IOException {
        if (closed) {
            throw new IOException("uTP socket manager is closed");
        }
        if (sockets.size() >= maxConnections) {
            throw new IOException("uTP connection limit of " + maxConnections + " reached");
        }
        for (int i = 0; i < 64; i++) {
            int id = random.nextInt(0x10000);
            Key key = new Key(peer, id);
            if (sockets.putIfAbsent(key, socket) == null) {
                socket.bind(key);
                return UtpConnection.connect(clock, config, id);
            }
        }
        throw new IOException("no free uTP connection id towards " + peer);
    }

    void send(InetSocketAddress peer, List<UtpPacket> packets) {
        for (UtpPacket p : packets) {
            try {
                if (channel.send(ByteBuffer.wrap(UtpCodec.encode(p)), peer) > 0) {
                    datagramsOut.incrementAndGet();
                } else {
                    dropped.incrementAndGet(); // the OS buffer is full: as a loss, retransmission covers it
                }
            } catch (IOException e) {
                dropped.incrementAndGet(); // unreachable or closed: the connection's timers notice
            }
        }
    }

    void forget(Key key, UtpSocket socket) {
        sockets.remove(key, socket);
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] bytes = new byte[MAX_DATAGRAM];
        long nextTick = clock.nanos();
        while (!closed) {
            try {
                selector.select(Math.max(1, (nextTick - clock.nanos()) / 1_000_000L));
                selector.selectedKeys().clear();
                InetSocketAddress from;
                while ((from = (InetSocketAddress) channel.receive(buf.clear())) != null) {
                    buf.flip();
                    int len = buf.remaining();
                    buf.get(bytes, 0, len);
                    datagramsIn.incrementAndGet();
                    route(from, bytes, len);
                }
                if (clock.nanos() >= nextTick) {
                    nextTick = clock.nanos() + TICK_NANOS;
                    for (UtpSocket s : sockets.values()) {
                        s.tick();
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    dropped.incrementAndGet(); // one bad datagram or a transient error must not end the thread
                }
            }
        }
    }

    private void route(InetSocketAddress from, byte[] d, int len) throws IOException {
        if (!(UtpCodec.decode(d, 0, len) instanceof UtpDecoded.Packet(UtpPacket p))) {
            dropped.incrementAndGet();
            return;
        }
        if (p.type() == UtpPacket.Type.SYN) {
            Key key = new Key(from, (p.connectionId() + 1) & 0xFFFF);
            UtpSocket s = sockets.get(key);
            if (s != null) {
                s.onPacket(p); // a repeated SYN: its answer was lost
                return;
            }
            Consumer<UtpSocket> a = acceptor;
            if (a == null || sockets.size() >= maxConnections) {
                dropped.incrementAndGet();
                return;
            }
            UtpSocket accepted = new UtpSocket(this);
            accepted.bind(key);
            accepted.accepted(UtpConnection.accept(clock, config, p, random));
            sockets.put(key, accepted);
            this.accepted.incrementAndGet();
            try {
                a.accept(accepted);
            } catch (RuntimeException e) {
                accepted.abort("not taken: " + e.getMessage()); // the acceptor failed: the peer hears a reset
            }
            return;
        }
        UtpSocket s = sockets.get(new Key(from, p.connectionId()));
        if (s == null) {
            dropped.incrementAndGet();
            return;
        }
        s.onPacket(p);
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("uTP socket manager is closed", e);
        }
    }

    /** Connections open now, both directions. */
    public int connections() {
        return sockets.size();
    }

    /** Datagrams dropped: not uTP, malformed, for no connection, or not sendable. */
    public long dropped() {
        return dropped.get();
    }

    public long datagramsIn() {
        return datagramsIn.get();
    }

    public long datagramsOut() {
        return datagramsOut.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    UtpConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
        for (UtpSocket s : sockets.values()) {
            s.abort("uTP socket manager closed");
        }
        selector.wakeup();
        try {
            io.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell anyone
        }
    }

    @Override
    public String toString() {
        return "UtpSocketManager[" + Objects.toString(localAddress()) + ", " + sockets.size() + " connections]";
    }
}
