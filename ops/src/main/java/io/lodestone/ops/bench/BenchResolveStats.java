package io.lodestone.ops.bench;

import io.lodestone.index.json.TorrentJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Time-to-metadata figures of one resolver over one list of magnets.
 *
 * @param magnets     magnets asked
 * @param millis      time to metadata of each one resolved, in milliseconds
 * @param wallSeconds from the first magnet started to the last one done (or given up), summed
 *                    over the runs
 * @param runs        runs these figures add up
 */
record BenchResolveStats(int magnets, List<Double> millis, double wallSeconds, int runs) {

    BenchResolveStats {
        millis = List.copyOf(millis);
    }

    /** One run. */
    BenchResolveStats(int magnets, List<Double> millis, double wallSeconds) {
        this(magnets, millis, wallSeconds, 1);
    }

    /** Both runs' figures together (null counts as none). */
    BenchResolveStats plus(BenchResolveStats other) {
        if (other == null) {
            return this;
        }
        List<Double> all = new ArrayList<>(millis);
        all.addAll(other.millis);
        return new BenchResolveStats(magnets + other.magnets, all, wallSeconds + other.wallSeconds, runs + other.runs);
    }

    /** Mean wall time of one run. */
    double wallSecondsPerRun() {
        return runs == 0 ? 0 : wallSeconds / runs;
    }

    int resolved() {
        return millis.size();
    }

    int failed() {
        return magnets - millis.size();
    }

    /** Nearest-rank percentile ({@code p} in 0..100); NaN when nothing resolved. */
    double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
    }

    /** Magnets resolved per second of wall time. */
    double perSecond() {
        return wallSeconds <= 0 ? 0 : resolved() / wallSeconds;
    }

    ObjectNode json() {
        ObjectNode o = TorrentJson.MAPPER.createObjectNode();
        o.put("magnets", magnets);
        o.put("resolved", resolved());
        o.put("failed", failed());
        putMillis(o, "p50Ms", percentile(50));
        putMillis(o, "p90Ms", percentile(90));
        putMillis(o, "p99Ms", percentile(99));
        putMillis(o, "maxMs", percentile(100));
        o.put("runs", runs);
        o.put("wallSecondsPerRun", round(wallSecondsPerRun()));
        o.put("resolvedPerSecond", round(perSecond()));
        return o;
    }

    /** null when nothing resolved: JSON has no NaN. */
    private static void putMillis(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, round(v));
        }
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }
}
