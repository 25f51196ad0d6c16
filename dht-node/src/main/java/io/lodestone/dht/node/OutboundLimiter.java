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
 * than forget a bucket, so the bound holds for every IP at all times. Public destinations are also
 * limited per /24 (IPv6 /64) altogether, so a network full of nodes cannot draw a flood from us;
 * loopback and private ones (a testnet, reached only with allow-private) are not.
 */
public final class OutboundLimiter {

    private final IpBuckets buckets;
    /** Per public /24 (IPv6 /64), keyed by the network address; null when unlimited. */
    private final IpBuckets subnets;
    private final Clock clock;
    private final LongAdder refused = new LongAdder();
    private final LongAdder saturated = new LongAdder();

    private OutboundLimiter(IpBuckets buckets, IpBuckets subnets, Clock clock) {
        this.buckets = buckets;
        this.subnets = subnets;
        this.clock = clock;
    }

    /** A per-IP limit alone. */
    public static OutboundLimiter create(RateLimitConfig.Limit limit, int maxTrackedIps, Clock clock) {
        return create(limit, RateLimitConfig.Limit.UNLIMITED, maxTrackedIps, clock);
    }

    /** A per-IP limit and, for public addresses, a limit per /24 (IPv6 /64). */
    public static OutboundLimiter create(RateLimitConfig.Limit limit, RateLimitConfig.Limit subnet, int maxTrackedIps,
                                         Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new OutboundLimiter(limit.unlimited() ? null : new IpBuckets(limit, maxTrackedIps, false),
                subnet.unlimited() ? null : new IpBuckets(subnet, maxTrackedIps, false), clock);
    }

    public static OutboundLimiter unlimited() {
        return new OutboundLimiter(null, null, null);
    }

    /**
     * Tokens of each destination's burst that our own queries leave for answers. Our queries to a
     * host (a dead bootstrap address, say) would otherwise spend the budget that answers to another
     * client on the same IP need: that client's announce then went unanswered. Answers may use the
     * whole burst, so the bound on all packets to one IP is unchanged.
     */
    public static final int ANSWER_RESERVE = 2;

    /** Whether one more answer may go to {@code destination} now; takes its token if so. */
    public boolean allow(InetAddress destination) {
        return allow(destination, 0);
    }

    /** Whether one more query of ours may go to {@code destination} now, leaving the answers' reserve. */
    public boolean allowQuery(InetAddress destination) {
        return allow(destination, ANSWER_RESERVE);
    }

    private boolean allow(InetAddress destination, int reserve) {
        if (buckets == null && subnets == null) {
            return true;
        }
        InetAddress ip = Ips.unmapped(destination);
        long now = clock.nanos();
        IpBuckets.Verdict v = buckets == null ? IpBuckets.Verdict.PASS : buckets.acquire(ip, now, reserve);
        if (v == IpBuckets.Verdict.PASS && subnets != null && Ips.isPublic(ip)) {
            // the IP's token is spent even if the subnet refuses: stricter, never looser
            v = subnets.acquire(network(ip), now, reserve);
        }
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

    /** The /24 (IPv4) or /64 (IPv6) network of {@code ip}, as an address with the host bits zero. */
    static InetAddress network(InetAddress ip) {
        byte[] b = ip.getAddress();
        int keep = b.length == 4 ? 3 : 8;
        for (int i = keep; i < b.length; i++) {
            b[i] = 0;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    public int trackedIps() {
        return buckets == null ? 0 : buckets.size();
    }
}
