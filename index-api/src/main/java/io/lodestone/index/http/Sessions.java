package io.lodestone.index.http;

import io.lodestone.index.access.ApiKey;
import io.lodestone.time.Clock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions: a key entered once on the sign-in page becomes a random token in an HttpOnly,
 * SameSite=Strict cookie. Held in memory only (a restart signs everyone out), bounded, and each
 * ends after its time to live or when its key is revoked.
 */
final class Sessions {

    static final String COOKIE = "lodestone_session";
    static final int MAX_SESSIONS = 10_000;
    static final int TOKEN_BYTES = 32;

    private record Session(ApiKey key, long expiresAt) {
    }

    private final Clock clock;
    private final long ttlNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    Sessions(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    long ttlSeconds() {
        return ttlNanos / 1_000_000_000L;
    }

    synchronized String open(ApiKey key) {
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.put(token, new Session(key, clock.nanos() + ttlNanos));
        return token;
    }

    synchronized Optional<ApiKey> find(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (clock.nanos() - s.expiresAt() >= 0) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s.key());
    }

    synchronized void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }
}
