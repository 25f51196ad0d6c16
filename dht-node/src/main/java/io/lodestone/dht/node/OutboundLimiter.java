package io.lodestone.dht.node;

import io.lodestone.time.Clock;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps what we send to one destination IP, queries and answers alike, below the rate at which
 * libtorrent bans an IP (dht_block_ratelimit: 5 packets/s averaged over 10 s). Shared by every node
 * of a farm, because a remote node sees the farm's nodes on one IP as one sender. Thread-safe and
 * bounded; when its memory is full of IPs still being limited it refuses new destinations rather
 * than forget a bucket, so the bound holds for every IP at all times.
 */
public final class OutboundLimiter {

    private final IpBuckets buckets;
    private final Clock clock;
    private final LongAdder refused = new LongAdder();
    private final LongAdder saturated = new LongAdder();

    private OutboundLimiter(IpBuckets buckets, Clock clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    public static OutboundLimiter create(RateLimitConfig.Limit limit, int maxTrackedIps, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new OutboundLimiter(limit.unlimited() ? null : new IpBuckets(limit, maxTrackedIps, false), clock);
    }

    public static OutboundLimiter unlimited() {
        return new OutboundLimiter(null, null);
    }

    /** Whether one more packet may go to {@code destination} now; takes its token if so. */
    public boolean allow(InetAddress destination) {
        if (buckets == null) {
            return true;
        }
        IpBuckets.Verdict v = buckets.acquire(Ips.unmapped(destination), clock.nanos());
        if (v == IpBuckets.Verdict.PASS) {
            return true;
        }
        refused.increment();
        if (v == IpBuckets.Verdict.SATURATED) {
            saturated.increment();
        }
        return false;
    }

    /** Packets refused since creation, over every node sharing this limiter. */
    public long refused() {
        return refused.sum();
    }

    /** Of those, refused only because every tracked IP was still active (memory full). */
    public long saturated() {
        return saturated.sum();
    }

    public int trackedIps() {
        return buckets == null ? 0 : buckets.size();
    }
}
