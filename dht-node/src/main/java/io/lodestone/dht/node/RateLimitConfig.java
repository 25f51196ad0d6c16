package io.lodestone.dht.node;

import java.time.Duration;

/**
 * Per-IP packet rate limits, as token buckets (GCRA): {@code burst} packets at once, then one
 * every {@code 1 / perSecond} seconds. In any window of length W at most
 * {@code floor(W * perSecond) + burst} packets pass (see {@link Limit#maxInWindow}).
 *
 * @param inbound       what one source IP may send us before its packets are dropped undecoded
 * @param outbound      what we send one destination IP, queries and answers together
 * @param maxTrackedIps IPs each limiter remembers; idle ones (bucket full again) are forgotten first
 * @param outboundSubnet what we send one public IPv4 /24 or IPv6 /64 altogether, on top of the
 *                       per-IP limit: many nodes in one network (a hosting range, a sybil swarm)
 *                       must not draw a flood from us to that network
 */
public record RateLimitConfig(Limit inbound, Limit outbound, int maxTrackedIps, Limit outboundSubnet) {

    /** Enough for a farm's busiest second; about 100 bytes each, so ~13 MB per limiter at most. */
    public static final int DEFAULT_MAX_TRACKED_IPS = 131_072;
    public static final int MAX_TRACKED_IPS = 1 << 24;
    /** Fewer would make a farm's limiter a lock convoy. */
    static final int MIN_TRACKED_IPS = 64;

    /** Ten times the per-IP rate: a /24 full of honest nodes still gets its answers. */
    public static final Limit DEFAULT_OUTBOUND_SUBNET = new Limit(40, 100);

    public RateLimitConfig {
        if (inbound == null || outbound == null || outboundSubnet == null) {
            throw new IllegalArgumentException("limits must be given; use Limit.UNLIMITED for none");
        }
        if (maxTrackedIps < MIN_TRACKED_IPS || maxTrackedIps > MAX_TRACKED_IPS) {
            throw new IllegalArgumentException("maxTrackedIps must be in " + MIN_TRACKED_IPS + ".." + MAX_TRACKED_IPS);
        }
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(
                // a libtorrent node sends one IP a few packets per lookup; 20/s (4x libtorrent's own
                // ban rate) leaves room for several clients behind one NAT and for crawlers, while one
                // flooder gets at most 50 + 20/s answers and cannot starve other sources
                new Limit(20, 50),
                // libtorrent dht_block_ratelimit = 5/s averaged over 10 s bans an IP at 50 packets in
                // 10 s; 4/s with a burst of 5 allows at most 45 in any 10 s window: never banned
                new Limit(4, 5),
                DEFAULT_MAX_TRACKED_IPS, DEFAULT_OUTBOUND_SUBNET);
    }

    /** The default per-subnet limit with the given per-IP ones. */
    public RateLimitConfig(Limit inbound, Limit outbound, int maxTrackedIps) {
        this(inbound, outbound, maxTrackedIps, DEFAULT_OUTBOUND_SUBNET);
    }

    /** No limit either way: for benchmarks against a load generator on one address. */
    public static RateLimitConfig unlimited() {
        return new RateLimitConfig(Limit.UNLIMITED, Limit.UNLIMITED, DEFAULT_MAX_TRACKED_IPS, Limit.UNLIMITED);
    }

    /**
     * One token bucket: {@code burst} tokens, refilled at {@code perSecond}.
     *
     * @param perSecond refill rate; {@link Double#POSITIVE_INFINITY} for no limit
     * @param burst     bucket capacity, at least 1
     */
    public record Limit(double perSecond, int burst) {

        public static final Limit UNLIMITED = new Limit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);
        /** One packet per 1000 s: slower is no limit anyone means, and keeps interval sums in a long. */
        public static final double MIN_PER_SECOND = 0.001;
        /** Bursts beyond a million packets are no limit either; with the rate floor, no overflow. */
        public static final int MAX_BURST = 1 << 20;
        private static final long NANOS_PER_SECOND = 1_000_000_000L;

        public Limit {
            boolean infinite = Double.isInfinite(perSecond) && perSecond > 0;
            if (!infinite && !(perSecond >= MIN_PER_SECOND && burst >= 1 && burst <= MAX_BURST)) {
                throw new IllegalArgumentException("need perSecond >= " + MIN_PER_SECOND + " and burst in 1.."
                        + MAX_BURST + ", not " + perSecond + ", " + burst);
            }
        }

        public boolean unlimited() {
            return Double.isInfinite(perSecond);
        }

        /** Nanoseconds per token, rounded up so the real rate never exceeds {@code perSecond}. */
        long intervalNanos() {
            return unlimited() ? 0 : Math.max(1, (long) Math.ceil(NANOS_PER_SECOND / perSecond));
        }

        /**
         * The most packets this limit lets through in any window of length {@code window}, ends
         * included: a full bucket, then one per interval. {@link Long#MAX_VALUE} when unlimited.
         */
        public long maxInWindow(Duration window) {
            return unlimited() ? Long.MAX_VALUE : window.toNanos() / intervalNanos() + burst;
        }
    }
}
