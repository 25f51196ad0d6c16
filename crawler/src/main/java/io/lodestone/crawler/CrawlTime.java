package io.lodestone.crawler;

import io.lodestone.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The crawler's two times: a monotonic {@link Clock} for every wait and deadline, and wall time
 * for what is stored (first seen, next attempt), which must mean something after a restart.
 * Wall time is the monotonic clock read against one wall reading taken at start, so a virtual
 * clock moves both and a wall-clock step never reorders the crawler's waits.
 *
 * @param origin      the wall time at {@code originNanos}
 * @param originNanos a reading of {@code clock}
 */
public record CrawlTime(Clock clock, Instant origin, long originNanos) {

    public CrawlTime {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(origin, "origin");
    }

    /** The system clocks, read once now. */
    public static CrawlTime system() {
        Clock c = Clock.system();
        return new CrawlTime(c, Instant.now(), c.nanos());
    }

    /** {@code clock} as it reads now is wall time {@code wallNow}. */
    public static CrawlTime of(Clock clock, Instant wallNow) {
        return new CrawlTime(clock, wallNow, clock.nanos());
    }

    public long nanos() {
        return clock.nanos();
    }

    public Instant now() {
        return toInstant(clock.nanos());
    }

    public Instant toInstant(long nanos) {
        return origin.plusNanos(nanos - originNanos);
    }

    /** The monotonic reading at wall time {@code at}; saturates for instants centuries away. */
    public long toNanos(Instant at) {
        Duration d = Duration.between(origin, at);
        try {
            return Math.addExact(originNanos, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }
}
