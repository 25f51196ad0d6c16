package io.lodestone.crawler.pipeline;

import io.lodestone.resolve.ResolveResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How the crawl's resolve attempts end, for /metrics and the health page: counts by kind, and
 * HdrHistograms of time to metadata and time to failure per attempt. Recorded on the crawler's
 * thread, read on any; thread-safe.
 */
public final class CrawlFigures {

    /** Attempt times are kept in milliseconds up to the resolver's longest deadline. */
    static final long MAX_MILLIS = 3_600_000;
    static final int DIGITS = 2;
    /** The outcome name of a resolved attempt, beside the {@link ResolveResult.Cause} names. */
    public static final String RESOLVED = "resolved";

    /** A latency distribution in milliseconds. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0);

        static Latency of(Histogram h) {
            return h.getTotalCount() == 0 ? EMPTY : new Latency(h.getTotalCount(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    /**
     * A reading.
     *
     * @param outcomes       attempts by how they ended, every kind present (zero if never seen),
     *                       names in lower camel case: resolved, noPeers, deadPeers, connectTimeout, …
     * @param timeToMetadata attempts that resolved
     * @param timeToFail     attempts that failed
     */
    public record Snapshot(Map<String, Long> outcomes, Latency timeToMetadata, Latency timeToFail) {
        public static final Snapshot EMPTY = new CrawlFigures().snapshot();

        public Snapshot {
            outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }
    }

    private final long[] byCause = new long[ResolveResult.Cause.values().length];
    private long resolved;
    private final Histogram toMetadata = new Histogram(MAX_MILLIS, DIGITS);
    private final Histogram toFail = new Histogram(MAX_MILLIS, DIGITS);

    synchronized void resolved(long nanos) {
        resolved++;
        toMetadata.recordValue(millis(nanos));
    }

    synchronized void failed(ResolveResult.Cause cause, long nanos) {
        byCause[cause.ordinal()]++;
        toFail.recordValue(millis(nanos));
    }

    public synchronized Snapshot snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(RESOLVED, resolved);
        for (ResolveResult.Cause c : ResolveResult.Cause.values()) {
            out.put(name(c), byCause[c.ordinal()]);
        }
        return new Snapshot(out, Latency.of(toMetadata), Latency.of(toFail));
    }

    /** NO_PEERS -> noPeers. */
    public static String name(ResolveResult.Cause c) {
        StringBuilder b = new StringBuilder();
        for (String part : c.name().toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }

    private static long millis(long nanos) {
        return Math.max(0, Math.min(MAX_MILLIS, nanos / 1_000_000));
    }
}
