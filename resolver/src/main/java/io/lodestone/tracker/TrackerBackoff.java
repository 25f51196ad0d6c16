package io.lodestone.tracker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-URL waits after outages: {@code base * 2^(failures - 1)}, at most {@code max}, forgotten on
 * the next success. Bounded to {@code maxEntries} URLs, least recently touched forgotten first.
 * Thread-safe.
 */
final class TrackerBackoff {

    /** Doublings beyond this cannot matter: 2^30 times any base exceeds every sane max. */
    private static final int MAX_DOUBLINGS = 30;

    private final long baseNanos;
    private final long maxNanos;
    private final Map<String, State> states;

    private record State(int failures, long notBeforeNanos) {
    }

    TrackerBackoff(TrackerConfig config) {
        this.baseNanos = config.backoffBase().toNanos();
        this.maxNanos = config.backoffMax().toNanos();
        int maxEntries = config.maxBackoffEntries();
        this.states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized boolean ready(String url, long nowNanos) {
        State s = states.get(url);
        return s == null || nowNanos - s.notBeforeNanos() >= 0;
    }

    synchronized void failed(String url, long nowNanos) {
        State s = states.get(url);
        int failures = s == null ? 1 : s.failures() + 1;
        int doublings = Math.min(failures - 1, MAX_DOUBLINGS);
        long wait = baseNanos > (maxNanos >> doublings) ? maxNanos : Math.min(maxNanos, baseNanos << doublings);
        states.put(url, new State(failures, nowNanos + wait));
    }

    synchronized void succeeded(String url) {
        states.remove(url);
    }

    /** Failures in a row for {@code url}; 0 when it is not backing off. */
    synchronized int failures(String url) {
        State s = states.get(url);
        return s == null ? 0 : s.failures();
    }
}
