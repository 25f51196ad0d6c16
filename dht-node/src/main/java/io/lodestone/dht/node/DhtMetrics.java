package io.lodestone.dht.node;

import io.lodestone.dht.krpc.QueryMethod;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One node's counters. Recording is thread-safe and lock-free (LongAdder, HdrHistogram
 * {@link Recorder}), so the node thread, the lookup engine and a metrics reader never wait on each
 * other; {@link #snapshot()} may be called from any thread. Gauges (table sizes and the like) are
 * published by the node at each tick, so readers never touch the node's unsynchronized state.
 */
public final class DhtMetrics {

    /** The {@code queriesIn} key of methods we do not know. */
    public static final String OTHER_METHOD = "other";
    /** Latencies are kept in microseconds up to 10 minutes; longer ones count as 10 minutes. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    /** Three significant digits: 0.1% resolution at every scale. */
    static final int SIGNIFICANT_DIGITS = 3;
    private static final double MICROS_PER_MILLI = 1_000.0;
    private static final int OTHER = QueryMethod.values().length;

    private final LongAdder[] queriesIn = adders(OTHER + 1);
    private final LongAdder[] queriesOut = adders(OTHER);
    private final LongAdder responsesIn = new LongAdder();
    private final LongAdder responsesOut = new LongAdder();
    private final LongAdder errorsIn = new LongAdder();
    private final LongAdder errorsOut = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private final LongAdder rateLimitedIn = new LongAdder();
    private final LongAdder rateLimitedOut = new LongAdder();
    private final LongAdder droppedAddress = new LongAdder();
    private final LongAdder sendFailed = new LongAdder();
    private final LongAdder announcesStored = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private final LatencyRecorder queryRtt = new LatencyRecorder();
    private final LatencyRecorder lookup = new LatencyRecorder();
    private volatile Gauges gauges = new Gauges(0, 0, 0, 0);

    /** What the node publishes at each tick. */
    public record Gauges(long routingTable4, long routingTable6, long storedInfoHashes, long outstandingQueries) {
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** A query of {@code method} came in; null for a method we do not know. */
    public void queryIn(QueryMethod method) {
        queriesIn[method == null ? OTHER : method.ordinal()].increment();
    }

    public void queryOut(QueryMethod method) {
        queriesOut[method.ordinal()].increment();
    }

    public void responseIn() {
        responsesIn.increment();
    }

    public void responseOut() {
        responsesOut.increment();
    }

    public void errorIn() {
        errorsIn.increment();
    }

    public void errorOut() {
        errorsOut.increment();
    }

    public void timeout() {
        timeouts.increment();
    }

    public void malformed() {
        malformed.increment();
    }

    public void unmatched() {
        unmatched.increment();
    }

    public void rateLimitedIn() {
        rateLimitedIn.increment();
    }

    public void rateLimitedOut() {
        rateLimitedOut.increment();
    }

    public void droppedAddress() {
        droppedAddress.increment();
    }

    public void sendFailed() {
        sendFailed.increment();
    }

    public void announceStored() {
        announcesStored.increment();
    }

    public void internalError() {
        internalErrors.increment();
    }

    /** An answered query's round trip. */
    public void recordQueryRtt(long nanos) {
        queryRtt.record(nanos);
    }

    /** A finished lookup's duration; the lookup engine calls this. */
    public void recordLookup(long nanos) {
        lookup.record(nanos);
    }

    public void publish(Gauges g) {
        gauges = g;
    }

    /** Everything since creation. */
    public MetricsSnapshot snapshot() {
        Map<String, Long> in = new TreeMap<>();
        Map<String, Long> out = new TreeMap<>();
        for (QueryMethod q : QueryMethod.values()) {
            in.put(q.wireName(), queriesIn[q.ordinal()].sum());
            out.put(q.wireName(), queriesOut[q.ordinal()].sum());
        }
        in.put(OTHER_METHOD, queriesIn[OTHER].sum());
        Histogram rtt = LatencyRecorder.newHistogram();
        Histogram lookups = LatencyRecorder.newHistogram();
        queryRtt.addTo(rtt);
        lookup.addTo(lookups);
        Gauges g = gauges;
        return new MetricsSnapshot(in, out, responsesIn.sum(), responsesOut.sum(), errorsIn.sum(), errorsOut.sum(),
                timeouts.sum(), malformed.sum(), unmatched.sum(), rateLimitedIn.sum(), rateLimitedOut.sum(),
                droppedAddress.sum(), sendFailed.sum(), announcesStored.sum(), internalErrors.sum(), summary(rtt),
                summary(lookups), g.routingTable4(), g.routingTable6(), g.storedInfoHashes(), g.outstandingQueries());
    }

    /**
     * Snapshots already taken, summed, with the latencies of their sources merged. A farm total
     * built this way equals the sum of the per-node figures shown beside it, which a second read
     * of live counters (moved on since) would not.
     */
    public static MetricsSnapshot combined(Collection<MetricsSnapshot> taken, Collection<DhtMetrics> sources) {
        if (taken.isEmpty()) {
            return new DhtMetrics().snapshot(); // nothing to sum: all zero, every method listed
        }
        Histogram rtt = LatencyRecorder.newHistogram();
        Histogram lookups = LatencyRecorder.newHistogram();
        for (DhtMetrics m : sources) {
            m.queryRtt.addTo(rtt);
            m.lookup.addTo(lookups);
        }
        return MetricsSnapshot.sum(taken, summary(rtt), summary(lookups));
    }

    private static MetricsSnapshot.Latency summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return MetricsSnapshot.Latency.EMPTY;
        }
        return new MetricsSnapshot.Latency(h.getTotalCount(),
                h.getValueAtPercentile(50) / MICROS_PER_MILLI,
                h.getValueAtPercentile(90) / MICROS_PER_MILLI,
                h.getValueAtPercentile(99) / MICROS_PER_MILLI,
                h.getMaxValue() / MICROS_PER_MILLI);
    }

    /** A Recorder for writers plus a running total that readers fold interval histograms into. */
    private static final class LatencyRecorder {
        private final Recorder recorder = new Recorder(MAX_MICROS, SIGNIFICANT_DIGITS);
        private final Histogram total = newHistogram();

        static Histogram newHistogram() {
            return new Histogram(MAX_MICROS, SIGNIFICANT_DIGITS);
        }

        void record(long nanos) {
            long micros = Math.max(0, Math.min(MAX_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
            recorder.recordValue(micros);
        }

        /** Recorder allows one reader at a time; the lock makes concurrent snapshots safe. */
        synchronized void addTo(Histogram into) {
            total.add(recorder.getIntervalHistogram());
            into.add(total);
        }
    }
}
