package io.lodestone.dht.node;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per IP address, as GCRA (the generic cell rate algorithm): each IP keeps one
 * number, the time its bucket will be full again ({@code tat}). A packet at {@code now} passes when
 * {@code tat - now <= (burst - 1) * interval}, and then moves {@code tat} one interval later.
 * Exactly a bucket of {@code burst} tokens refilled every interval, so in any window of length W at
 * most {@code floor(W / interval) + burst} packets pass.
 *
 * <p>Thread-safe: a farm shares one across nodes on different threads. The IPs are spread over
 * {@value #SEGMENTS} segments, each its own lock and its own least-recently-used map, so memory is
 * bounded: a new IP in a full segment takes the place of the least recently seen one if that one
 * is idle (its bucket full again, so forgetting it changes nothing). If that one is still active,
 * {@code evictActive} decides: true forgets it anyway (its next packets get a fresh burst: an
 * inbound limiter prefers serving new sources), false refuses the new IP (an outbound limiter must
 * never exceed its bound).
 */
final class IpBuckets {

    /** Enough to keep two cores and a few dozen farm threads from queueing on one lock. */
    static final int SEGMENTS = 16;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final boolean evictActive;
    private final Segment[] segments = new Segment[SEGMENTS];

    private static final class Segment {
        final int capacity;
        /** IP -> tat; access order, so the eldest is the least recently seen. */
        final LinkedHashMap<InetAddress, long[]> map = new LinkedHashMap<>(16, 0.75f, true);

        Segment(int capacity) {
            this.capacity = capacity;
        }
    }

    IpBuckets(RateLimitConfig.Limit limit, int maxTrackedIps, boolean evictActive) {
        if (limit.unlimited()) {
            throw new IllegalArgumentException("an unlimited limit needs no buckets");
        }
        this.intervalNanos = limit.intervalNanos();
        this.toleranceNanos = (limit.burst() - 1L) * intervalNanos; // < 2^20 * 2^40: no overflow
        this.evictActive = evictActive;
        int perSegment = Math.max(1, maxTrackedIps / SEGMENTS);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(perSegment);
        }
    }

    /** The outcome of one packet. */
    enum Verdict { PASS, OVER_LIMIT, SATURATED }

    /** Takes a token for {@code ip} at {@code now} if it has one. */
    Verdict acquire(InetAddress ip, long now) {
        return acquire(ip, now, 0);
    }

    /**
     * Takes a token for {@code ip} at {@code now} only if {@code reserve} more would still be left:
     * a lower-priority packet leaves those for others. The bound on what passes is unchanged.
     */
    Verdict acquire(InetAddress ip, long now, int reserve) {
        Segment s = segments[spread(ip.hashCode()) & (SEGMENTS - 1)];
        synchronized (s) {
            long[] tat = s.map.get(ip);
            if (tat == null) {
                if (s.map.size() >= s.capacity && !evictEldest(s, now)) {
                    return Verdict.SATURATED;
                }
                tat = new long[] {now};
                s.map.put(ip, tat);
            }
            long t = Math.max(tat[0], now);
            if (t - now > toleranceNanos - reserve * intervalNanos) {
                return Verdict.OVER_LIMIT;
            }
            tat[0] = t + intervalNanos;
            return Verdict.PASS;
        }
    }

    private boolean evictEldest(Segment s, long now) {
        Iterator<Map.Entry<InetAddress, long[]>> it = s.map.entrySet().iterator();
        Map.Entry<InetAddress, long[]> eldest = it.next();
        if (!evictActive && eldest.getValue()[0] > now) {
            return false;
        }
        it.remove();
        return true;
    }

    /** IPs remembered now. */
    int size() {
        int n = 0;
        for (Segment s : segments) {
            synchronized (s) {
                n += s.map.size();
            }
        }
        return n;
    }

    /** Most IPs this can remember. */
    int capacity() {
        return segments[0].capacity * SEGMENTS;
    }

    /** InetAddress hashes of nearby IPv4 addresses differ in low bits only; mix the high ones in. */
    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        return h ^ (h >>> 16);
    }
}
