package io.lodestone.client.session;

import io.lodestone.client.engine.TorrentStats;
import io.lodestone.tracker.AnnounceRequest;
import io.lodestone.tracker.AnnounceResponse;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a torrent announced on its trackers (BEP 3, BEP 15 through resolver's tracker client):
 * started with our real listen port, regular announces at the tracker's interval within bounds,
 * completed once, stopped at the end. One virtual thread per tracker; a tracker that fails is
 * retried later, never fatal.
 */
final class TrackerAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerAnnouncer.class);
    /** Floor on the re-announce interval whatever a tracker says (libtorrent min_announce_interval 300 s). */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    /** Ceiling, so peers keep flowing in on a long download. */
    static final Duration MAX_INTERVAL = Duration.ofMinutes(30);
    /** Wait after a failed announce. */
    static final Duration RETRY = Duration.ofSeconds(15);
    /** How long a complete torrent waits before its completed announce is checked again. */
    static final Duration POLL = Duration.ofSeconds(1);

    private final TrackerClient client;
    private final List<String> urls;
    private final InfoHash infoHash;
    private final byte[] peerId;
    private final int port;
    private final Supplier<TorrentStats> stats;
    private final Consumer<List<InetSocketAddress>> onPeers;
    private volatile boolean closed;
    private final List<Thread> threads = new java.util.ArrayList<>();

    TrackerAnnouncer(TrackerClient client, List<String> urls, InfoHash infoHash, byte[] peerId, int port,
                     Supplier<TorrentStats> stats, Consumer<List<InetSocketAddress>> onPeers) {
        this.client = client;
        this.urls = List.copyOf(urls);
        this.infoHash = infoHash;
        this.peerId = peerId.clone();
        this.port = port;
        this.stats = stats;
        this.onPeers = onPeers;
    }

    void start() {
        for (String url : urls) {
            threads.add(Thread.ofVirtual().name("announce " + url).start(() -> run(url)));
        }
    }

    private void run(String url) {
        AnnounceRequest.Event event = AnnounceRequest.Event.STARTED;
        boolean completedSent = stats.get().complete();
        try {
            while (!closed) {
                Duration wait;
                try {
                    AnnounceResponse r = client.announce(url, request(event));
                    onPeers.accept(r.peers());
                    event = AnnounceRequest.Event.NONE;
                    long seconds = Math.max(r.interval(), r.minInterval() == null ? 0 : r.minInterval());
                    wait = clamp(Duration.ofSeconds(seconds));
                } catch (RuntimeException e) {
                    LOG.debug("announce to {} failed: {}", url, e.getMessage());
                    wait = RETRY;
                }
                long until = System.nanoTime() + wait.toNanos();
                while (!closed && System.nanoTime() < until) {
                    Thread.sleep(POLL.toMillis());
                    if (!completedSent && stats.get().complete() && event == AnnounceRequest.Event.NONE) {
                        completedSent = true;
                        event = AnnounceRequest.Event.COMPLETED;
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AnnounceRequest request(AnnounceRequest.Event event) {
        TorrentStats s = stats.get();
        long left = Math.max(0, s.totalBytes() - s.verifiedBytes());
        return new AnnounceRequest(infoHash, peerId, port, s.uploaded(), s.downloaded(), left, event,
                AnnounceRequest.DEFAULT_NUM_WANT, null);
    }

    private static Duration clamp(Duration d) {
        return d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : d.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : d;
    }

    /** Stops announcing and tells every tracker we left, each within the tracker client's timeouts. */
    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        List<Thread> stops = new java.util.ArrayList<>();
        for (String url : urls) {
            stops.add(Thread.ofVirtual().start(() -> {
                try {
                    client.announce(url, request(AnnounceRequest.Event.STOPPED));
                } catch (RuntimeException e) {
                    // leaving quietly is fine: the tracker forgets us after its interval
                }
            }));
        }
        for (Thread t : stops) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
