package io.lodestone.crawler.pipeline;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.Sighting;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what the crawler wants stored and hands it to the sink as one {@link CrawlBatch} once
 * {@code maxItems} are waiting, their info dicts hold {@code maxBytes}, or the oldest has waited
 * {@code maxDelayNanos}. Within a batch each
 * hash has one fate: a later resolve or abandon replaces an earlier pending write, and a later
 * pending write (a hash taken up again) cancels an earlier abandon, so the order in which the sink
 * applies the parts does not matter. A failed write keeps everything for the next try, after a
 * pause, and {@link #failure()} tells why until a write succeeds again (the crawler pauses
 * meanwhile). Used from the crawler thread only (the sink is single-writer).
 */
final class BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final CrawlSink sink;
    private final int maxItems;
    private final long maxBytes;
    private final long maxDelayNanos;
    private long bytes;
    private volatile String failure;
    private final List<Sighting> sightings = new ArrayList<>();
    private final Map<InfoHash, PendingHash> pending = new LinkedHashMap<>();
    private final Map<InfoHash, ResolvedTorrent> resolved = new LinkedHashMap<>();
    private final Set<InfoHash> abandoned = new LinkedHashSet<>();
    private long oldestNanos;
    private long retryAt = Long.MIN_VALUE;
    private long writes;
    private long errors;

    BatchWriter(CrawlSink sink, int maxItems, long maxBytes, long maxDelayNanos) {
        this.sink = sink;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.maxDelayNanos = maxDelayNanos;
    }

    void sighting(Sighting s, long now) {
        touch(now);
        sightings.add(s);
    }

    void pending(PendingHash p, long now) {
        touch(now);
        if (resolved.containsKey(p.infoHash())) {
            return; // resolved already in this batch: the resolve wins
        }
        abandoned.remove(p.infoHash());
        pending.put(p.infoHash(), p);
    }

    void resolved(ResolvedTorrent r, long now) {
        touch(now);
        pending.remove(r.infoHash());
        abandoned.remove(r.infoHash());
        ResolvedTorrent old = resolved.put(r.infoHash(), r);
        bytes += r.infoDict().length - (old == null ? 0 : old.infoDict().length);
    }

    void abandoned(InfoHash h, long now) {
        touch(now);
        pending.remove(h);
        if (!resolved.containsKey(h)) {
            abandoned.add(h);
        }
    }

    int size() {
        return sightings.size() + pending.size() + resolved.size() + abandoned.size();
    }

    /** Bytes of info dicts waiting. */
    long bytes() {
        return bytes;
    }

    /** Why the last write failed, or null when it succeeded (or none was tried). */
    String failure() {
        return failure;
    }

    /** Writes if enough is waiting or it waited long enough; whether a write succeeded. */
    boolean flushIfDue(long now) {
        int n = size();
        if (n == 0 || now < retryAt) {
            return false;
        }
        if (n < maxItems && bytes < maxBytes && now - oldestNanos < maxDelayNanos) {
            return false;
        }
        return flush(now);
    }

    /** Writes everything now; on failure keeps it and waits {@code maxDelayNanos} before the next try. */
    boolean flush(long now) {
        if (size() == 0) {
            return true;
        }
        CrawlBatch batch = new CrawlBatch(sightings, List.copyOf(pending.values()), List.copyOf(resolved.values()),
                List.copyOf(abandoned));
        try {
            sink.write(batch);
        } catch (IOException | RuntimeException e) {
            errors++;
            retryAt = now + maxDelayNanos;
            if (failure == null) {
                LOG.warn("crawl sink write of {} items failed; the crawl pauses and retries: {}", size(), e.toString());
            }
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            return false;
        }
        if (failure != null) {
            LOG.info("crawl sink writes again; the crawl resumes");
            failure = null;
        }
        bytes = 0;
        writes++;
        sightings.clear();
        pending.clear();
        resolved.clear();
        abandoned.clear();
        retryAt = Long.MIN_VALUE;
        return true;
    }

    long writes() {
        return writes;
    }

    long errors() {
        return errors;
    }

    private void touch(long now) {
        if (size() == 0) {
            oldestNanos = now;
        }
    }
}
