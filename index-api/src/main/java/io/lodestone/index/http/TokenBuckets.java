package io.lodestone.index.http;

import io.lodestone.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One token bucket per client (an address or a key name), on an injected clock. Bounded: past
 * {@link #maxClients} the least recently seen client is forgotten (it starts again with a full
 * bucket, which costs a flood of fresh addresses nothing it could not get anyway).
 */
final class TokenBuckets {

    static final int DEFAULT_MAX_CLIENTS = 10_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final double perNano;
    private final double burst;
    private final int maxClients;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    TokenBuckets(Clock clock, HttpConfig.Rate rate, int maxClients) {
        this.clock = clock;
        this.perNano = rate.perSecond() / NANOS_PER_SECOND;
        this.burst = rate.burst();
        this.maxClients = maxClients;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > TokenBuckets.this.maxClients;
            }
        };
    }

    /** Takes a token for {@code client}: 0 when it had one, else nanoseconds until it will. */
    synchronized long take(String client) {
        long now = clock.nanos();
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
        b.at = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano));
    }

    /** Whole seconds to put in {@code Retry-After} for a wait of {@code nanos} (at least 1). */
    static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }
}
