package io.lodestone.client.holepunch;

import java.time.Duration;
import java.util.Objects;

/**
 * BEP 55 limits.
 *
 * @param rendezvousPerMinute relays one peer may ask of us a minute; more are ignored
 * @param connectsPerMinute   endpoints we dial a minute because a relay said so
 * @param retryAfter          before we ask a relay again for the same endpoint
 */
public record HolepunchConfig(int rendezvousPerMinute, int connectsPerMinute, Duration retryAfter) {

    /** Endpoints whose last rendezvous request is remembered; the oldest go first. */
    static final int MAX_REMEMBERED = 4096;

    public HolepunchConfig {
        if (rendezvousPerMinute < 1 || connectsPerMinute < 1) {
            throw new IllegalArgumentException("holepunch rates must be at least 1 a minute");
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    public static HolepunchConfig defaults() {
        return new HolepunchConfig(
                10,                       // a peer meets a handful of others a minute through us
                30,                       // dials on connect messages, every torrent's relays together
                Duration.ofMinutes(5));   // a failed meeting is not retried at once
    }
}
