package io.lodestone.dht.node;

import io.lodestone.time.Clock;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drops packets from a source IP past its token bucket, before they are decoded, so a flood from
 * one address costs a hash lookup per packet and cannot starve other sources. Thread-safe: one per
 * farm (or per node). Memory is bounded; when a flood of distinct (spoofed) sources fills it, the
 * least recently seen source is forgotten even if active, because serving new sources matters more
 * than remembering one flooder's bucket (a spoofed flood of one packet per IP passes any per-IP
 * limit anyway).
 */
public final class InboundLimiter {

    private final IpBuckets buckets;
    private final Clock clock;
    private final LongAdder dropped = new LongAdder();

    private InboundLimiter(IpBuckets buckets, Clock clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    public static InboundLimiter create(RateLimitConfig.Limit limit, int maxTrackedIps, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new InboundLimiter(limit.unlimited() ? null : new IpBuckets(limit, maxTrackedIps, true), clock);
    }

    public static InboundLimiter unlimited() {
        return new InboundLimiter(null, null);
    }

    /** Whether a packet from {@code source} may be processed; counts it as dropped if not. */
    public boolean allow(InetAddress source) {
        if (buckets == null) {
            return true;
        }
        if (buckets.acquire(Ips.unmapped(source), clock.nanos()) == IpBuckets.Verdict.PASS) {
            return true;
        }
        dropped.increment();
        return false;
    }

    /** Packets refused since creation, over every node sharing this limiter. */
    public long dropped() {
        return dropped.sum();
    }

    public int trackedIps() {
        return buckets == null ? 0 : buckets.size();
    }

    public int maxTrackedIps() {
        return buckets == null ? 0 : buckets.capacity();
    }
}
