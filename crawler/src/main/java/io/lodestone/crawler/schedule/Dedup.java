package io.lodestone.crawler.schedule;

import io.lodestone.types.InfoHash;

/**
 * What the crawler remembers about hashes that are no longer pending: the ones it knows are
 * indexed, the other keys of torrents indexed under one key (a hybrid torrent is announced under
 * its v1 hash and its truncated v2 hash), and the ones it gave up on lately. Both are bounded {@link FingerprintFilter}s; a hash
 * that fell out of the indexed filter is looked up in the index again (the caller does that), one
 * that fell out of the abandoned filter may be tried again. Not thread-safe.
 */
public final class Dedup {

    /** What is known about a hash in memory. */
    public enum Known { INDEXED, ALIAS, ABANDONED, UNKNOWN }

    private final FingerprintFilter indexed;
    private final FingerprintFilter aliases;
    private final FingerprintFilter abandoned;

    /** @param capacity hashes each filter remembers at most */
    public Dedup(int capacity, long salt) {
        this.indexed = new FingerprintFilter(capacity, salt);
        this.aliases = new FingerprintFilter(capacity, Long.rotateLeft(salt, 21));
        this.abandoned = new FingerprintFilter(capacity, ~salt);
    }

    public Known lookup(InfoHash h) {
        if (indexed.contains(h)) {
            return Known.INDEXED;
        }
        if (aliases.contains(h)) {
            return Known.ALIAS;
        }
        return abandoned.contains(h) ? Known.ABANDONED : Known.UNKNOWN;
    }

    public void markIndexed(InfoHash h) {
        indexed.add(h);
    }

    /** {@code h} is another DHT key of a torrent indexed under a different one (a hybrid's v2 key). */
    public void markAlias(InfoHash h) {
        aliases.add(h);
    }

    public void markAbandoned(InfoHash h) {
        abandoned.add(h);
    }

    public int indexedRemembered() {
        return indexed.size();
    }
}
