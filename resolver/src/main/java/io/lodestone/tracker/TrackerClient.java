package io.lodestone.tracker;

import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Announces and scrapes over http, https and udp tracker URLs, and announces over a BEP 12 tier
 * list. Blocking and thread-safe; one instance serves every torrent, so a tracker that is down
 * backs off for all of them at once. At most {@link TrackerConfig#maxConcurrentRequests()} requests
 * are in flight at once over all callers; the others wait their turn.
 */
public final class TrackerClient implements AutoCloseable {

    private final TrackerTransport http;
    private final TrackerTransport udp;
    private final Clock clock;
    private final TrackerBackoff backoff;
    private final AutoCloseable closeable;
    private final Semaphore inFlight;
    private final int maxPerTorrent;
    private final int permits;

    public TrackerClient(TrackerConfig config) {
        this(config, Clock.system(), new HttpTrackerClient(config), new UdpTrackerClient(config));
    }

    TrackerClient(TrackerConfig config, Clock clock, TrackerTransport http, TrackerTransport udp) {
        this.http = http;
        this.udp = udp;
        this.clock = clock;
        this.backoff = new TrackerBackoff(config);
        this.closeable = http instanceof AutoCloseable c ? c : () -> { };
        this.permits = config.maxConcurrentRequests();
        this.inFlight = new Semaphore(permits, true);
        this.maxPerTorrent = config.maxTrackersPerTorrent();
    }

    /** The trackers of one torrent that are used: the first {@link TrackerConfig#maxTrackersPerTorrent()}. */
    public List<String> capped(Collection<String> urls) {
        return urls.stream().limit(maxPerTorrent).toList();
    }

    /** Tracker requests in flight now. */
    public int inFlight() {
        return permits - inFlight.availablePermits();
    }

    private <T> T limited(Supplier<T> call) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(TrackerException.Kind.TRANSPORT, "interrupted while waiting for a free slot");
        }
        try {
            return call.get();
        } finally {
            inFlight.release();
        }
    }

    /** One announce to one tracker, no backoff bookkeeping. */
    public AnnounceResponse announce(String url, AnnounceRequest request) {
        TrackerTransport t = transport(url);
        return limited(() -> t.announce(url, request));
    }

    /** A scrape of one tracker (BEP 48 for HTTP, BEP 15 for UDP). */
    public Map<InfoHash, ScrapeStats> scrape(String url, List<InfoHash> infoHashes) {
        TrackerTransport t = transport(url);
        return limited(() -> t.scrape(url, infoHashes));
    }

    /**
     * BEP 12: the tiers in order, each tier's trackers in order, the first answer wins and its
     * tracker moves to the front of its tier. Trackers backing off after an outage are passed
     * over. A refusal ({@code failure reason}) is about this torrent, not the tracker, so it
     * costs the tracker no backoff; outages, garbage and unusable URLs do.
     *
     * @throws TrackerException when no tracker answered: REFUSED if every one that was tried
     *                          refused, TRANSPORT otherwise, with the last reason
     */
    public TrackerAnswer announce(AnnounceList trackers, AnnounceRequest request) {
        int tried = 0;
        int skipped = 0;
        boolean allRefused = true;
        TrackerException last = null;
        String lastUrl = null;
        for (List<String> tier : trackers.tiers()) {
            for (String url : tier) {
                if (!backoff.ready(url, clock.nanos())) {
                    skipped++;
                    continue;
                }
                tried++;
                try {
                    AnnounceResponse response = announce(url, request);
                    backoff.succeeded(url);
                    trackers.promote(url);
                    return new TrackerAnswer(url, response);
                } catch (TrackerException e) {
                    if (e.kind() != TrackerException.Kind.REFUSED) {
                        backoff.failed(url, clock.nanos());
                        allRefused = false;
                    }
                    last = e;
                    lastUrl = url;
                }
            }
        }
        if (last == null) {
            throw new TrackerException(TrackerException.Kind.TRANSPORT, skipped == 0 ? "no trackers"
                    : "all " + skipped + " trackers are backing off");
        }
        throw new TrackerException(allRefused ? TrackerException.Kind.REFUSED : TrackerException.Kind.TRANSPORT,
                "no tracker answered (" + tried + " tried, " + skipped + " backing off); last "
                        + HttpTrackerCodec.quote(lastUrl) + ": " + last.reason(), last);
    }

    /** Failures in a row of {@code url} in tier announces; 0 when it is not backing off. */
    public int failures(String url) {
        return backoff.failures(url);
    }

    private TrackerTransport transport(String url) {
        int colon = url == null ? -1 : url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> http;
            case "udp" -> udp;
            default -> throw new TrackerException(TrackerException.Kind.BAD_URL, "unsupported tracker URL "
                    + HttpTrackerCodec.quote(String.valueOf(url)));
        };
    }

    @Override
    public void close() {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the HTTP client failed", e);
        }
    }
}
