package io.lodestone.crawler.scrape;

import io.lodestone.time.Clock;

/**
 * The pure policy of the scrape schedule: a token bucket of KRPC queries refilled at the configured
 * rate, charged with what each scrape lookup really sent. A new lookup starts only while fewer than
 * {@code atOnce} run and the bucket holds what a lookup costs on average (so a lookup never
 * overdraws by much, and the long-run rate stays at the budget).
 */
public final class ScrapeBudget {
    /** What a lookup is assumed to cost before any has finished. */
    static final double FIRST_GUESS_PACKETS = 24;
    /** Weight of the newest lookup in the running average of costs. */
    static final double AVERAGE_WEIGHT = 0.1;

    private final Clock clock;
    private final ScrapeConfig config;
    private double tokens;
    private long refilledAt;
    private double averageCost = FIRST_GUESS_PACKETS;
    private int running;
    private long packets;

    public ScrapeBudget(Clock clock, ScrapeConfig config) {
        this.clock = clock;
        this.config = config;
        this.tokens = config.burstPackets();
        this.refilledAt = clock.nanos();
    }

    /** Whether a scrape may start now; if so it counts as running until {@link #finished}. */
    public synchronized boolean tryStart() {
        refill();
        if (running >= config.atOnce() || tokens < Math.min(averageCost, config.burstPackets())) {
            return false;
        }
        running++;
        return true;
    }

    /** A scrape ended having sent {@code queries} KRPC queries. */
    public synchronized void finished(int queries) {
        refill();
        running = Math.max(0, running - 1);
        tokens -= queries;
        packets += queries;
        averageCost += AVERAGE_WEIGHT * (queries - averageCost);
    }

    /** Nanoseconds until a lookup could start budget-wise (0 when it could now). */
    public synchronized long nanosUntilAffordable() {
        refill();
        double missing = Math.min(averageCost, config.burstPackets()) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / config.packetsPerSecond() * 1e9);
    }

    public synchronized int running() {
        return running;
    }

    /** KRPC queries all finished scrapes sent. */
    public synchronized long packets() {
        return packets;
    }

    private void refill() {
        long now = clock.nanos();
        tokens = Math.min(config.burstPackets(), tokens + (now - refilledAt) / 1e9 * config.packetsPerSecond());
        refilledAt = now;
    }
}
