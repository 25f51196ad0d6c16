package io.lodestone.resolve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pure dial policy on a caller's clock (nanoseconds): which peers are known dead (address and
 * port, for {@link DialConfig#deadPeerTtl()}), and a token bucket per IP so one host is not
 * dialled in a burst (bitmagnet's 2/s per IP is the model). Memory is bounded: dead peers by their
 * capacity, buckets by being dropped once full again. Not thread-safe; {@link PeerDialer} guards it.
 */
public final class DialPolicy {

    /** Verdict for one peer now. */
    public sealed interface Verdict {
    }

    public record Allow() implements Verdict {
    }

    /** Dialled lately and failed in a way that will not pass soon. */
    public record Dead() implements Verdict {
    }

    /** Its IP's dial budget is spent; a token is there at {@code atNanos}. */
    public record Wait(long atNanos) implements Verdict {
    }

    /** Tokens of one IP and when they were last topped up. */
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private static final Allow ALLOW = new Allow();
    private static final Dead DEAD = new Dead();
    /** Every this many dials, buckets that are full again are forgotten. */
    private static final int BUCKET_SWEEP_EVERY = 4_096;

    private final DialConfig config;
    private final LinkedHashMap<InetSocketAddress, Long> dead = new LinkedHashMap<>();
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>();
    private int sinceSweep;

    public DialPolicy(DialConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public DialConfig config() {
        return config;
    }

    public Verdict check(InetSocketAddress peer, long now) {
        Long until = dead.get(peer);
        if (until != null) {
            if (now - until < 0) {
                return DEAD;
            }
            dead.remove(peer);
        }
        if (config.perIpDialsPerSecond() <= 0) {
            return ALLOW;
        }
        Bucket b = buckets.get(peer.getAddress());
        if (b == null) {
            return ALLOW;
        }
        double tokens = refill(b, now);
        if (tokens >= 1) {
            return ALLOW;
        }
        long missing = (long) Math.ceil((1 - tokens) / config.perIpDialsPerSecond() * 1e9);
        return new Wait(now + Math.max(1, missing));
    }

    /** A dial to {@code peer} starts: takes a token of its IP. Call only after {@link Allow}. */
    public void dialed(InetSocketAddress peer, long now) {
        if (config.perIpDialsPerSecond() <= 0) {
            return;
        }
        Bucket b = buckets.computeIfAbsent(peer.getAddress(), a -> new Bucket(config.perIpDialBurst(), now));
        b.tokens = refill(b, now) - 1;
        if (++sinceSweep >= BUCKET_SWEEP_EVERY) {
            sinceSweep = 0;
            sweepFullBuckets(now);
        }
    }

    /** How a dial ended: a peer that failed for a reason that will not pass soon is remembered dead. */
    public void ended(FetchResult result, long now) {
        if (result instanceof FetchResult.Failure f && isDeadPeer(f.reason()) && !config.deadPeerTtl().isZero()) {
            dead.remove(f.peer());
            dead.put(f.peer(), now + config.deadPeerTtl().toNanos());
            if (dead.size() > config.deadPeerCapacity()) {
                Iterator<InetSocketAddress> it = dead.keySet().iterator();
                it.next();
                it.remove();
            }
        } else if (result instanceof FetchResult.Success s) {
            dead.remove(s.peer());
        }
    }

    /** Dead peers remembered now (some may have expired and not been looked at since). */
    public int deadPeers() {
        return dead.size();
    }

    /** Drops expired dead peers; they are oldest first, so it stops at the first live one. */
    public void expire(long now) {
        Iterator<Long> it = dead.values().iterator();
        while (it.hasNext()) {
            if (now - it.next() >= 0) {
                it.remove();
            } else {
                // insertion order is expiry order, since every entry gets the same ttl
                return;
            }
        }
    }

    /**
     * Failures that say the peer (not just this torrent) is unreachable or useless now: no connect,
     * a refusal, silence, a trickle (or a whole exchange past its deadline), or answers no client
     * would give. A reject or a wrong info-hash is about one torrent only; a cancel is ours.
     */
    public static boolean isDeadPeer(FetchResult.Reason r) {
        return switch (r) {
            case CONNECT_TIMEOUT, CONNECT_FAILED, HANDSHAKE_TIMEOUT, PIECE_TIMEOUT, TOO_SLOW, DEADLINE,
                 NO_METADATA_SUPPORT, NO_EXTENSION_PROTOCOL, METADATA_TOO_LARGE, PROTOCOL_ERROR, HASH_MISMATCH -> true;
            // a peer that closes our handshake (plain or encrypted) may just not have this torrent
            case CLOSED, IO_ERROR, CANCELLED, BUSY, REJECTED, WRONG_INFO_HASH, PLAINTEXT_REFUSED,
                 ENCRYPTION_REFUSED -> false;
        };
    }

    private double refill(Bucket b, long now) {
        double elapsed = Math.max(0, now - b.at) / 1e9;
        b.tokens = Math.min(config.perIpDialBurst(), b.tokens + elapsed * config.perIpDialsPerSecond());
        b.at = now;
        return b.tokens;
    }

    private void sweepFullBuckets(long now) {
        buckets.values().removeIf(b -> refill(b, now) >= config.perIpDialBurst());
    }
}
