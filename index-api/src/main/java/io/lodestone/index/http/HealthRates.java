package io.lodestone.index.http;

import io.lodestone.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Per-second rates of the farm's counters over a trailing window, from the totals seen at each
 * health request. Pure policy on an injected clock; samples are taken only when someone asks, so
 * an idle server keeps nothing but the last {@link #maxSamples()} of them.
 */
public final class HealthRates {

    /** Samples closer together than this add nothing to a rate over a minute; it bounds memory. */
    static final Duration MIN_SAMPLE_SPACING = Duration.ofSeconds(1);

    private record Sample(long nanos, DhtHealth.Figures total) {
    }

    /**
     * Rates per second over {@code windowSeconds} (0 while only one sample exists, and then every
     * rate is 0). A counter that went down (a node restarted) counts as 0.
     */
    public record Rates(double windowSeconds, double queriesInPerSecond, double queriesOutPerSecond,
                        double responsesPerSecond, double timeoutsPerSecond, double errorsPerSecond,
                        double harvestedPerSecond, double resolvedPerSecond, double failedPerSecond) {
        public static final Rates NONE = new Rates(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private final Clock clock;
    private final long windowNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public HealthRates(Clock clock, Duration window) {
        if (window.compareTo(MIN_SAMPLE_SPACING) < 0) {
            throw new IllegalArgumentException("rate window must be at least " + MIN_SAMPLE_SPACING);
        }
        this.clock = clock;
        this.windowNanos = window.toNanos();
    }

    /** The most samples ever kept: one per spacing over the window, plus the baseline. */
    public int maxSamples() {
        return (int) (windowNanos / MIN_SAMPLE_SPACING.toNanos()) + 2;
    }

    /** Records {@code total} as of now and returns the rates since the oldest sample in the window. */
    public synchronized Rates update(DhtHealth.Figures total) {
        long now = clock.nanos();
        Sample last = samples.peekLast();
        if (last == null || now - last.nanos() >= MIN_SAMPLE_SPACING.toNanos()) {
            samples.addLast(new Sample(now, total));
        }
        // keep as baseline the newest sample that is at least a window old
        while (samples.size() > 1 && now - secondOldest().nanos() >= windowNanos) {
            samples.removeFirst();
        }
        Sample base = samples.peekFirst();
        long elapsed = now - base.nanos();
        if (elapsed <= 0) {
            return Rates.NONE;
        }
        double seconds = elapsed / 1e9;
        DhtHealth.Figures a = base.total();
        return new Rates(seconds,
                rate(a.queriesIn(), total.queriesIn(), seconds),
                rate(a.queriesOut(), total.queriesOut(), seconds),
                rate(a.responses(), total.responses(), seconds),
                rate(a.timeouts(), total.timeouts(), seconds),
                rate(a.errors(), total.errors(), seconds),
                rate(a.infoHashesHarvested(), total.infoHashesHarvested(), seconds),
                rate(a.metadataResolved(), total.metadataResolved(), seconds),
                rate(a.metadataFailed(), total.metadataFailed(), seconds));
    }

    synchronized int sampleCount() {
        return samples.size();
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    private static double rate(long before, long after, double seconds) {
        return after <= before ? 0 : (after - before) / seconds;
    }
}
