package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.List;

/**
 * Where the crawler keeps what it finds. The crawler knows only this; the index implements it
 * on its own storage. Calls come from one crawler thread at a time.
 */
public interface CrawlSink {

    /** Whether this hash is already indexed (resolved and stored). */
    boolean isIndexed(InfoHash infoHash) throws IOException;

    /** Pending work saved earlier, for picking up after a restart; at most {@code max} entries. */
    List<PendingHash> loadPending(int max) throws IOException;

    /**
     * Whether this hash is kept out of the index (an operator blocked or deleted it). The crawler
     * asks before it fetches any metadata for a hash, and drops the hash when the answer is yes;
     * it must be cheap (an in-memory lookup) and never throw.
     */
    default boolean isBlocked(InfoHash infoHash) {
        return false;
    }

    /** Writes the batch atomically: after a crash either all of it is there or none. */
    void write(CrawlBatch batch) throws IOException;

    /**
     * Why the crawl should wait now although writes may still succeed (the disk is full and what
     * is stored cannot be indexed), or null. Read on every crawler step: keep it cheap.
     */
    default String unavailable() {
        return null;
    }
}
