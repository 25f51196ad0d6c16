package io.lodestone.tracker;

import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * UDP trackers (BEP 15) over a {@link DatagramChannel} per call, connected to the tracker so that
 * datagrams from anyone else never reach us. Connection ids are reused for
 * {@link TrackerConfig#udpConnectionIdLifetime()}; each request is sent up to
 * {@link TrackerConfig#udpAttempts()} times, attempt n waiting {@code udpBaseTimeout * 2^n}.
 * Transaction ids come from a {@link SecureRandom}: they are what keeps an off-path sender from
 * forging answers. Blocking and thread-safe; run it on a virtual thread where blocking is in the way.
 */
public final class UdpTrackerClient implements TrackerTransport {

    /** Larger than any UDP payload, so a datagram is never cut short unnoticed. */
    static final int RECEIVE_BUFFER = 1 << 16;
    /** Trackers whose connection ids are kept; expired ones go first when it fills. */
    static final int MAX_CACHED_CONNECTIONS = 1_000;

    private final TrackerConfig config;
    private final UdpTrackerCodec codec;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<InetSocketAddress, Connection> connections = new ConcurrentHashMap<>();
    private final TrackerHosts hosts;

    private record Connection(long id, long receivedNanos) {
    }

    public UdpTrackerClient(TrackerConfig config) {
        this(config, Clock.system(), new SecureRandom());
    }

    UdpTrackerClient(TrackerConfig config, Clock clock, RandomGenerator random) {
        this.config = config;
        this.codec = new UdpTrackerCodec(config);
        this.clock = clock;
        this.random = random;
        this.hosts = TrackerHosts.of(config);
    }

    @Override
    public AnnounceResponse announce(String url, AnnounceRequest request) {
        InetSocketAddress tracker = resolve(url, hosts);
        return call(tracker, (channel, connectionId) -> {
            int tid = random.nextInt();
            byte[] answer = exchange(channel, UdpTrackerCodec.announceRequest(connectionId, tid, request), tid);
            return codec.parseAnnounce(answer, tid, tracker.getAddress() instanceof Inet6Address);
        });
    }

    @Override
    public Map<InfoHash, ScrapeStats> scrape(String url, List<InfoHash> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > UdpTrackerCodec.MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("scrape 1.." + UdpTrackerCodec.MAX_SCRAPE_HASHES + " torrents");
        }
        InetSocketAddress tracker = resolve(url, hosts);
        return call(tracker, (channel, connectionId) -> {
            int tid = random.nextInt();
            byte[] answer = exchange(channel, UdpTrackerCodec.scrapeRequest(connectionId, tid, infoHashes), tid);
            return UdpTrackerCodec.parseScrape(answer, tid, infoHashes);
        });
    }

    /** A connection id, cached or fresh, then {@code step}; any failure forgets the cached id. */
    private <T> T call(InetSocketAddress tracker, Step<T> step) {
        try (DatagramChannel channel = DatagramChannel.open(tracker.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
            channel.connect(tracker);
            try {
                return step.run(channel, connectionId(channel, tracker));
            } catch (TrackerException e) {
                connections.remove(tracker);
                throw e;
            }
        } catch (IOException e) {
            connections.remove(tracker);
            throw new TrackerException(TrackerException.Kind.TRANSPORT, "UDP error: " + e.getMessage(), e);
        }
    }

    private interface Step<T> {
        T run(DatagramChannel channel, long connectionId) throws IOException;
    }

    private long connectionId(DatagramChannel channel, InetSocketAddress tracker) throws IOException {
        long now = clock.nanos();
        Connection cached = connections.get(tracker);
        if (cached != null && now - cached.receivedNanos() < config.udpConnectionIdLifetime().toNanos()) {
            return cached.id();
        }
        int tid = random.nextInt();
        long id = UdpTrackerCodec.parseConnect(exchange(channel, UdpTrackerCodec.connectRequest(tid), tid), tid);
        if (connections.size() >= MAX_CACHED_CONNECTIONS) {
            long lifetime = config.udpConnectionIdLifetime().toNanos();
            connections.values().removeIf(c -> now - c.receivedNanos() >= lifetime);
            if (connections.size() >= MAX_CACHED_CONNECTIONS) {
                connections.clear();
            }
        }
        connections.put(tracker, new Connection(id, clock.nanos()));
        return id;
    }

    /**
     * Sends {@code request} and waits for a datagram carrying {@code tid}, resending with
     * doubled waits (BEP 15). Datagrams with another transaction id are late or stray and ignored.
     */
    private byte[] exchange(DatagramChannel channel, byte[] request, int tid) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[RECEIVE_BUFFER], RECEIVE_BUFFER);
        long base = config.udpBaseTimeout().toNanos();
        for (int attempt = 0; attempt < config.udpAttempts(); attempt++) {
            channel.write(ByteBuffer.wrap(request));
            long wait = base > (Long.MAX_VALUE >> attempt) ? Long.MAX_VALUE : base << attempt;
            long deadline = System.nanoTime() + wait;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        TimeUnit.NANOSECONDS.toMillis(left + 999_999))));
                try {
                    packet.setLength(RECEIVE_BUFFER);
                    channel.socket().receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (PortUnreachableException e) {
                    throw new TrackerException(TrackerException.Kind.TRANSPORT, "port unreachable");
                }
                byte[] got = Arrays.copyOf(packet.getData(), packet.getLength());
                OptionalInt gotTid = UdpTrackerCodec.transactionId(got);
                if (gotTid.isPresent() && gotTid.getAsInt() == tid) {
                    return got;
                }
            }
        }
        throw new TrackerException(TrackerException.Kind.TRANSPORT, "no answer after " + config.udpAttempts()
                + " attempt" + (config.udpAttempts() == 1 ? "" : "s"));
    }

    /**
     * {@code udp://host:port[/...]}: a literal needs no DNS, a name is resolved here, and the
     * address checked is the one the datagrams go to.
     */
    static InetSocketAddress resolve(String url, TrackerHosts hosts) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "not a URL: " + HttpTrackerCodec.quote(String.valueOf(url)));
        }
        if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("udp") || u.getHost() == null) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "not a udp://host:port URL: " + HttpTrackerCodec.quote(url));
        }
        if (u.getPort() < 1 || u.getPort() > AnnounceRequest.MAX_PORT) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "no port in " + HttpTrackerCodec.quote(url));
        }
        return new InetSocketAddress(hosts.check(u.getHost()), u.getPort());
    }
}
