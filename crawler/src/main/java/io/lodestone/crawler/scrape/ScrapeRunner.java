package io.lodestone.crawler.scrape;

import io.lodestone.dht.lookup.GetPeersLookup;
import io.lodestone.dht.lookup.SwarmScrape;
import io.lodestone.dht.net.FarmNode;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scrape schedule on one thread: takes the hashes whose swarm counts are oldest from the
 * target, starts BEP 33 scrape lookups on the farm's nodes (in turn) as the {@link ScrapeBudget}
 * allows, and stores the estimates in batches. A lookup no node answered (or that failed) stores
 * nothing, so the hash stays due, but it waits a while in memory so the hashes behind it get their
 * turn. Stops when closed.
 */
public final class ScrapeRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeRunner.class);
    /** Results kept before a write; and the due hashes fetched per look at the index. */
    static final int BATCH = 64;
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Longest one scrape lookup may take before it is given up (BEP 33: lenient for scrapes). */
    static final long LOOKUP_TIMEOUT_SECONDS = 60;
    /** A hash whose scrape failed or went unanswered waits this long before another try... */
    static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** ...and at most this many wait, so the due list can be read past them (oldest first stays due). */
    static final int MAX_WAITING = 4096;

    /** Counters for /metrics. */
    public record Stats(long scrapes, long informed, long empty, long failed, long packets, int running) {
    }

    private final List<FarmNode> nodes;
    private final ScrapeTarget target;
    private final ScrapeConfig config;
    private final ScrapeBudget budget;
    private final Thread thread;
    private final java.util.concurrent.LinkedBlockingQueue<ScrapeTarget.ScrapeResult> done =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.Set<InfoHash> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Failed or unanswered hashes and when they may be tried again; only the runner's thread reads it. */
    private final java.util.Map<InfoHash, Long> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong informed = new AtomicLong();
    private final AtomicLong empty = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;
    private int nextNode;

    private ScrapeRunner(List<FarmNode> nodes, ScrapeTarget target, ScrapeConfig config, Clock clock) {
        this.nodes = List.copyOf(nodes);
        this.target = Objects.requireNonNull(target, "target");
        this.config = config;
        this.budget = new ScrapeBudget(clock, config);
        this.thread = Thread.ofPlatform().name("dht-scrape").daemon().unstarted(this::run);
    }

    public static ScrapeRunner start(List<FarmNode> nodes, ScrapeTarget target, ScrapeConfig config) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no DHT node to scrape with");
        }
        ScrapeRunner r = new ScrapeRunner(nodes, target, config, Clock.system());
        r.thread.start();
        return r;
    }

    public Stats stats() {
        return new Stats(scrapes.get(), informed.get(), empty.get(), failed.get(), budget.packets(), budget.running());
    }

    private void run() {
        ArrayDeque<InfoHash> queue = new ArrayDeque<>();
        List<ScrapeTarget.ScrapeResult> results = new ArrayList<>();
        long lastWrite = System.nanoTime();
        while (!closed) {
            try {
                if (queue.isEmpty()) {
                    long now = System.nanoTime();
                    waiting.values().removeIf(until -> until - now <= 0);
                    Instant before = Instant.now().minus(config.refreshAfter());
                    for (InfoHash h : target.due(before, BATCH + inFlight.size() + waiting.size())) {
                        if (!inFlight.contains(h) && !waiting.containsKey(h)) {
                            queue.add(h);
                        }
                    }
                }
                while (!queue.isEmpty() && budget.tryStart()) {
                    scrape(queue.poll());
                }
                ScrapeTarget.ScrapeResult r = done.poll(queue.isEmpty() ? IDLE_NANOS
                        : Math.max(TimeUnit.MILLISECONDS.toNanos(20), budget.nanosUntilAffordable()),
                        TimeUnit.NANOSECONDS);
                if (r != null) {
                    results.add(r);
                    done.drainTo(results);
                }
                if (results.size() >= BATCH || (!results.isEmpty() && System.nanoTime() - lastWrite > IDLE_NANOS)) {
                    target.store(List.copyOf(results));
                    results.clear();
                    lastWrite = System.nanoTime();
                }
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                // the index may be paused (disk full) or closing: wait and try again
                LOG.warn("scrape round failed: {}", e.toString());
                sleepQuietly(IDLE_NANOS);
            }
        }
        if (!results.isEmpty()) {
            try {
                target.store(results);
            } catch (Exception e) {
                LOG.debug("last scrapes not stored: {}", e.toString());
            }
        }
    }

    private void scrape(InfoHash h) {
        FarmNode node = nodes.get(nextNode++ % nodes.size());
        inFlight.add(h);
        InfoHash key = h.isV2() ? h.truncated() : h;
        SwarmScrape[] estimate = new SwarmScrape[1];
        int[] queries = new int[1];
        node.<GetPeersLookup.Result>lookup((n, ctx) -> {
            GetPeersLookup l = GetPeersLookup.scrape(ctx, key);
            return l.start().thenApply(r -> {
                estimate[0] = l.scrapeOf(r);
                queries[0] = r.stats().queries();
                return r;
            });
        }).orTimeout(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((r, e) -> {
            budget.finished(e == null ? queries[0] : (int) Math.round(ScrapeBudget.FIRST_GUESS_PACKETS));
            scrapes.incrementAndGet();
            inFlight.remove(h);
            if (e != null) {
                failed.incrementAndGet();
                retryLater(h);
            } else if (!estimate[0].informed() && r.closest().isEmpty()) {
                empty.incrementAndGet(); // nobody answered: keep it due, after a pause
                retryLater(h);
            } else {
                informed.incrementAndGet();
                done.add(new ScrapeTarget.ScrapeResult(h, estimate[0].seeds(), estimate[0].peers(), Instant.now()));
            }
        });
    }

    private void retryLater(InfoHash h) {
        if (waiting.size() < MAX_WAITING) {
            waiting.put(h, System.nanoTime() + RETRY_AFTER_NANOS);
        }
    }

    private static void sleepQuietly(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
