package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.wire.PeerId;
import io.lodestone.wire.mse.EncryptionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Fetches a torrent's info dict from one peer over TCP or uTP (BEP 3 handshake, BEP 10, BEP 9): the
 * blocking-socket adapter around {@link MetadataExchange}, one virtual thread per fetch. The
 * future completes with a {@link FetchResult} (never exceptionally, short of a bug) no later than
 * the peer deadline plus {@link #WATCHDOG_GRACE}; cancelling it closes the socket at once.
 * Nothing unverified is ever returned: a {@link FetchResult.Success} hashed to the magnet's
 * info-hash(es).
 */
public final class MetadataFetcher implements PeerFetcher {

    /** How long a read blocks before the exchange looks at its clocks; bounds timeout overshoot. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /**
     * Room for one whole ut_metadata frame (a 16 KiB piece and its headers) per read; the decoder
     * takes frames across reads, so more only costs garbage: one buffer per fetch, and a resolve
     * that allocates less meets fewer collection pauses.
     */
    static final int READ_BUFFER_SIZE = io.lodestone.wire.MetadataMessage.PIECE_SIZE + 1024;
    /**
     * Past the peer deadline, a watchdog closes the socket: a write to a peer that stopped reading
     * blocks with no timeout of its own, and this is what ends it.
     */
    static final Duration WATCHDOG_GRACE = Duration.ofSeconds(1);

    /** What {@code resolve} says of a peer that closed our plaintext handshake unanswered. */
    static final String PLAINTEXT_REFUSED = "peer closed after our plaintext handshake without a byte back";
    /** Diffie-Hellman keys and pads for MSE, unless a test seeds its own: thread-safe, shared by every fetch. */
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private final FetchConfig config;
    private final PeerTransport transport;
    private final AdaptiveConnectTimeout connectTimeout;
    private final MetadataBudget budget;
    /** Keys and pads for MSE; a seeded one lets a test pick the secrets its handshakes meet. */
    private final RandomGenerator random;
    private final java.util.concurrent.atomic.AtomicInteger openSockets = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger peakSockets = new java.util.concurrent.atomic.AtomicInteger();

    public MetadataFetcher(FetchConfig config) {
        this(config, PeerTransport.tcpOnly());
    }

    /** Fetches over {@code transport} (uTP, TCP, or uTP first). */
    public MetadataFetcher(FetchConfig config, PeerTransport transport) {
        this(config, transport, AdaptiveConnectTimeout.fixed(config.connectTimeout()));
    }

    /** Connects within what {@code connectTimeout} says at the time, and tells it how long each took. */
    public MetadataFetcher(FetchConfig config, PeerTransport transport, AdaptiveConnectTimeout connectTimeout) {
        this(config, transport, connectTimeout, SECURE_RANDOM);
    }

    /** With MSE's keys and pads from {@code random}, which must be thread-safe. */
    MetadataFetcher(FetchConfig config, PeerTransport transport, AdaptiveConnectTimeout connectTimeout,
                    RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        this.config = Objects.requireNonNull(config, "config");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.budget = new MetadataBudget(config.maxBufferedMetadata());
    }

    /** The connect timeout now. */
    public Duration connectTimeout() {
        return connectTimeout.timeout();
    }

    public FetchConfig config() {
        return config;
    }

    /** Bytes of metadata pieces the fetches under way hold now, out of {@link FetchConfig#maxBufferedMetadata()}. */
    public long bufferedMetadata() {
        return budget.used();
    }

    /** Starts fetching the metadata {@code magnet} names from {@code peer}. */
    @Override
    public CompletableFuture<FetchResult> fetch(MagnetUri magnet, InetSocketAddress peer) {
        Objects.requireNonNull(magnet, "magnet");
        Objects.requireNonNull(peer, "peer");
        long start = System.nanoTime();
        OpenSocket held = new OpenSocket(transport.newSocket());
        Fetch future = new Fetch(held);
        CompletableFuture.delayedExecutor(config.peerDeadline().plus(WATCHDOG_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                .execute(held::close);
        Thread.ofVirtual().name("metadata-fetch " + peer).start(() -> {
            try {
                FetchResult r = run(magnet, peer, held, start, future);
                held.close();
                if (!future.cancelling.get()) {
                    future.complete(r);
                }
            } catch (RuntimeException | Error e) {
                held.close();
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** Sockets made and not yet closed: TCP connections open or opening for metadata now. */
    public int openSockets() {
        return openSockets.get();
    }

    /** The most sockets open or opening at once since start. */
    public int peakSockets() {
        return peakSockets.get();
    }

    /**
     * A fetch's future. It completes only once its socket is closed, so whoever counts connections
     * by fetches never counts fewer than are open. Cancelling closes first, which also unblocks the
     * thread's connect, read or write; the thread then leaves the completing to cancel, so a cancel
     * that closed the socket always wins. Meanwhile it says what the fetch is doing.
     */
    private static final class Fetch extends CompletableFuture<FetchResult> implements FetchProgress {
        private final OpenSocket held;
        private final java.util.concurrent.atomic.AtomicBoolean cancelling = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile String state = "connecting";
        private volatile MetadataExchange exchange;

        Fetch(OpenSocket held) {
            this.held = held;
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelling.set(true);
            held.close();
            return super.cancel(mayInterrupt);
        }

        void state(String now, MetadataExchange under) {
            exchange = under;
            state = now;
        }

        @Override
        public String progress() {
            MetadataExchange e = exchange;
            return e != null ? e.stage() : state;
        }
    }

    /**
     * A fetch's socket, counted from its making to its one close. There is one at a time: a retry
     * with MSE replaces the first, closed, socket with a fresh one under the same count.
     */
    private final class OpenSocket {
        private final AtomicReference<Socket> socket;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        OpenSocket(Socket socket) {
            this.socket = new AtomicReference<>(socket);
            peakSockets.accumulateAndGet(openSockets.incrementAndGet(), Math::max);
        }

        Socket current() {
            return socket.get();
        }

        /** A fresh socket for a second attempt; closed at once if the fetch was closed meanwhile. */
        Socket replace() {
            Socket again = transport.newSocket();
            socket.set(again);
            if (closed.get()) { // close() set the flag before reading the socket: one of us closes it
                closeQuietly(again);
            }
            return again;
        }

        void close() {
            boolean first = closed.compareAndSet(false, true);
            closeQuietly(socket.get());
            if (first) {
                openSockets.decrementAndGet();
            }
        }
    }

    /**
     * One connection, or two when the policy is {@code prefer} and the peer closed the plaintext
     * one without a byte back: then it is dialled again with MSE, within the same deadline. An
     * encrypted handshake that the peer closed when its secret was one older libtorrent misreads
     * is dialled once more with a new key.
     */
    private FetchResult run(MagnetUri magnet, InetSocketAddress peer, OpenSocket socket, long start, Fetch future) {
        EncryptionPolicy policy = config.encryption();
        FetchResult r = dial(magnet, peer, socket, false, start, future, policy == EncryptionPolicy.REQUIRE);
        if (policy == EncryptionPolicy.PREFER && r instanceof Failure f && f.reason() == Reason.PLAINTEXT_REFUSED
                && inTime(start)) {
            FetchResult second = dial(magnet, peer, socket, true, start, future, true);
            return second instanceof Failure f2 && f2.reason() == Reason.ENCRYPTION_REFUSED
                    ? new Failure(Reason.ENCRYPTION_REFUSED, f.detail() + "; then " + f2.detail(), peer,
                    f2.elapsed())
                    : second;
        }
        return r;
    }

    /**
     * One attempt (on a new socket when {@code redial}), and one more with a new key when the peer
     * closed an encrypted handshake whose secret older libtorrent misreads.
     */
    private FetchResult dial(MagnetUri magnet, InetSocketAddress peer, OpenSocket socket, boolean redial, long start,
                             Fetch future, boolean encrypted) {
        AtomicBoolean misread = new AtomicBoolean();
        FetchResult r = attempt(magnet, peer, redial ? socket.replace() : socket.current(), start, future, encrypted,
                misread);
        if (misread.get() && inTime(start)) {
            FetchResult again = attempt(magnet, peer, socket.replace(), start, future, true, new AtomicBoolean());
            return again instanceof Failure f2 && r instanceof Failure f
                    ? new Failure(f2.reason(), f.detail() + "; again with a new key: " + f2.detail(), peer,
                    f2.elapsed())
                    : again;
        }
        return r;
    }

    private boolean inTime(long start) {
        return System.nanoTime() - start < config.peerDeadline().toNanos();
    }

    private FetchResult attempt(MagnetUri magnet, InetSocketAddress peer, Socket socket, long start, Fetch future,
                                boolean encrypted, AtomicBoolean misread) {
        long limit = TimeUnit.NANOSECONDS.toMillis(connectTimeout.nanos());
        try {
            long left = config.peerDeadline().toNanos() - (System.nanoTime() - start);
            long wait = Math.min(limit, TimeUnit.NANOSECONDS.toMillis(left));
            long dialled = System.nanoTime();
            socket.connect(peer, (int) Math.max(1, wait));
            connectTimeout.connected(System.nanoTime() - dialled);
        } catch (SocketTimeoutException e) {
            return failure(Reason.CONNECT_TIMEOUT, "no connection within " + limit + " ms", peer, start);
        } catch (IOException e) {
            return failure(future.isCancelled() ? Reason.CANCELLED : Reason.CONNECT_FAILED, e.toString(), peer, start);
        }
        MetadataExchange exchange = new MetadataExchange(magnet, config, peer, PeerId.generate(), start,
                System.nanoTime(), budget);
        long received = 0;
        try {
            socket.setSoTimeout((int) POLL_INTERVAL.toMillis());
            socket.setTcpNoDelay(true); // a handful of small request/answer turns: latency, not batching
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (encrypted) {
                future.state("connected, never answered our encrypted handshake", null);
                MseDial.Streams s = MseDial.handshake(in, out, exchange.opening(), config.encryption(), random,
                        exchange, () -> misread.set(true));
                if (s == null) {
                    return exchange.result();
                }
                in = s.in();
                out = s.out();
                received = 1; // the handshake answered
                future.state("", exchange);
                send(out, exchange.onBytes(s.payload(), 0, s.payload().length, System.nanoTime()));
            } else {
                future.state("", exchange);
                out.write(exchange.opening());
            }
            byte[] buf = new byte[READ_BUFFER_SIZE];
            while (exchange.result() == null) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException idle) {
                    send(out, exchange.onTick(System.nanoTime()));
                    continue;
                }
                if (n < 0) {
                    if (received == 0) {
                        exchange.onTransportEnd(Reason.PLAINTEXT_REFUSED, PLAINTEXT_REFUSED, System.nanoTime());
                    }
                    exchange.onTransportEnd(Reason.CLOSED, "peer closed the connection", System.nanoTime());
                } else {
                    received += n;
                    send(out, exchange.onBytes(buf, 0, n, System.nanoTime()));
                }
            }
        } catch (IOException e) {
            if (received == 0 && !future.isCancelled()) {
                exchange.onTransportEnd(Reason.PLAINTEXT_REFUSED, PLAINTEXT_REFUSED + " (" + e.getMessage() + ")",
                        System.nanoTime());
            }
            exchange.onTransportEnd(future.isCancelled() ? Reason.CANCELLED : Reason.IO_ERROR, e.toString(),
                    System.nanoTime());
        } finally {
            closeQuietly(socket);
            // a no-op once there is a result; otherwise (a bug thrown out of the loop) it frees the budget
            exchange.onTransportEnd(Reason.IO_ERROR, "fetch ended without a result", System.nanoTime());
        }
        return exchange.result();
    }

    private static void send(OutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            out.write(bytes);
        }
    }

    private static Failure failure(Reason reason, String detail, InetSocketAddress peer, long start) {
        return new Failure(reason, detail, peer, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted; there is nothing left to tell the peer
        }
    }
}
