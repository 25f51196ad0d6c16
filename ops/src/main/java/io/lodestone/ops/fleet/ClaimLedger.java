package io.lodestone.ops.fleet;

import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.types.InfoHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which harvest records this crawler is still answerable for, so that the offset it commits to
 * Kafka never passes one: a record counts as done once the crawler has dropped it, or once its
 * hash has left the crawler through a batch the sink took (resolved and published, or abandoned).
 * A crawler that dies therefore leaves every hash it had not finished above its committed offset,
 * and the crawler that takes over its partitions reads them again.
 *
 * <p>Each waiting hash holds at most one record: a later record of the same hash is done at once,
 * since the earlier one already keeps the committed offset below it. A hash that waits long (its
 * retries back off) would hold its partition's offset back; {@link #overdue} names those, to be
 * sent to the harvest topic again so the old record can go. Pure and thread-safe: the claimer's,
 * the crawler's and the sink's threads all call it.
 */
final class ClaimLedger {

    /** One record claimed from one partition; {@code owner} is the partition's state it counts in. */
    private record Claim(Partition owner, long offset, long claimedAt) {
    }

    /** A partition while this crawler holds it: offsets claimed and not done, the next to read. */
    private static final class Partition {
        final TreeSet<Long> open = new TreeSet<>();
        long next = -1;
        long committed = -1;
        /** Taken away in a rebalance: claims counted in it no longer count. */
        boolean revoked;
    }

    private final Map<Integer, Partition> partitions = new HashMap<>();
    /** Claimed records not yet taken by the crawler, by the very instance queued. */
    private final Map<Harvest, Claim> queued = new IdentityHashMap<>();
    /** The record each waiting hash holds. */
    private final Map<InfoHash, Claim> held = new HashMap<>();
    /** Held hashes sent to the harvest topic again: their next record takes over from the old one. */
    private final Set<InfoHash> resent = new HashSet<>();

    /** A record read from {@code partition} at {@code offset}, about to be queued as {@code h}. */
    synchronized void claimed(Harvest h, int partition, long offset, long nanos) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        p.open.add(offset);
        p.next = Math.max(p.next, offset + 1);
        queued.put(h, new Claim(p, offset, nanos));
    }

    /** A record at {@code offset} that is no harvest (malformed): nothing to wait for. */
    synchronized void passed(int partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        p.next = Math.max(p.next, offset + 1);
    }

    /** The queue refused {@code h}: it was never claimed (the claimer reads it again). */
    synchronized void unclaimed(Harvest h) {
        Claim c = queued.remove(h);
        if (c != null) {
            c.owner().open.remove(c.offset());
            if (c.owner().next == c.offset() + 1) {
                c.owner().next = c.offset();
            }
        }
    }

    /** The crawler took {@code h}; {@code pending}: its hash now waits here for a resolution. */
    synchronized void handled(Harvest h, boolean pending) {
        Claim c = queued.remove(h);
        if (c == null) {
            return; // not from Kafka (restored from the crawl state), or its partition was revoked
        }
        InfoHash hash = h.infoHash();
        if (!pending || !live(c)) {
            done(c);
            return;
        }
        Claim before = held.get(hash);
        if (before == null || resent.remove(hash)) {
            held.put(hash, c);
            if (before != null) {
                done(before); // the copy sent again holds the hash now, higher in its partition
            }
        } else {
            done(c);
        }
    }

    /** Sending {@code hash} to the harvest topic again failed: it stays held by its old record. */
    synchronized void resendFailed(InfoHash hash) {
        resent.remove(hash);
    }

    /** {@code hash} left the crawler in a batch the sink took. */
    synchronized void settled(InfoHash hash) {
        Claim c = held.remove(hash);
        resent.remove(hash);
        if (c != null) {
            done(c);
        }
    }

    /** This crawler no longer holds {@code partition}: whatever it claimed there is another's now. */
    synchronized void revoked(int partition) {
        Partition p = partitions.remove(partition);
        if (p == null) {
            return;
        }
        p.revoked = true;
        held.values().removeIf(c -> !live(c));
        queued.values().removeIf(c -> !live(c));
        resent.retainAll(held.keySet());
    }

    /**
     * Per partition, the offset to commit when it moved since the last call: the oldest record not
     * done, or past the last one read when all are. The caller commits them and calls {@link #committed}.
     */
    synchronized Map<Integer, Long> committable() {
        Map<Integer, Long> out = new HashMap<>();
        for (Map.Entry<Integer, Partition> e : partitions.entrySet()) {
            long at = at(e.getValue());
            if (at >= 0 && at != e.getValue().committed) {
                out.put(e.getKey(), at);
            }
        }
        return out;
    }

    synchronized void committed(Map<Integer, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            Partition p = partitions.get(partition);
            if (p != null) {
                p.committed = Math.max(p.committed, offset);
            }
        });
    }

    /**
     * Waiting hashes whose record was claimed before {@code cutoffNanos}, at most {@code max}, each
     * marked as being sent again: the caller sends each to the harvest topic (or calls
     * {@link #resendFailed}), and the hash's next record takes over from the old one.
     */
    synchronized List<InfoHash> overdue(long cutoffNanos, int max) {
        List<InfoHash> out = new ArrayList<>();
        for (Iterator<Map.Entry<InfoHash, Claim>> it = held.entrySet().iterator(); it.hasNext() && out.size() < max; ) {
            Map.Entry<InfoHash, Claim> e = it.next();
            if (e.getValue().claimedAt() - cutoffNanos < 0 && resent.add(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Records claimed and not done, all partitions: what a crash now would hand to another crawler. */
    synchronized int open() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.open.size();
        }
        return n;
    }

    /** Hashes waiting here that hold a record. */
    synchronized int held() {
        return held.size();
    }

    private static boolean live(Claim c) {
        return !c.owner().revoked;
    }

    private static void done(Claim c) {
        c.owner().open.remove(c.offset());
    }

    private static long at(Partition p) {
        return p.open.isEmpty() ? p.next : p.open.first();
    }
}
