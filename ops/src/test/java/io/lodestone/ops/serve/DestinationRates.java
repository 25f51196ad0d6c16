package io.lodestone.ops.serve;

import io.lodestone.dht.net.OutboundTap;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Datagrams sent per destination per second, to find the busiest 10-second window towards any
 * one node. Seconds past {@link #MAX_SECONDS} are not counted (a test never runs that long).
 */
final class DestinationRates implements OutboundTap {

    static final int MAX_SECONDS = 3_600;
    static final int WINDOW_SECONDS = 10;

    private final long startNanos = System.nanoTime();
    private final Map<InetSocketAddress, AtomicLongArray> perSecond = new ConcurrentHashMap<>();

    @Override
    public void sent(InetSocketAddress to, int length) {
        int second = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
        if (second < MAX_SECONDS) {
            perSecond.computeIfAbsent(to, k -> new AtomicLongArray(MAX_SECONDS)).incrementAndGet(second);
        }
    }

    /** The busiest destination and its most packets in any {@value #WINDOW_SECONDS} s, as packets per second. */
    record Busiest(InetSocketAddress destination, long packets, double perSecond) {
    }

    /** The busiest destination not in {@code ignore} (the farm's own nodes talk among themselves freely). */
    Busiest busiest(java.util.Set<InetSocketAddress> ignore) {
        Busiest best = new Busiest(null, 0, 0);
        for (Map.Entry<InetSocketAddress, AtomicLongArray> e : perSecond.entrySet()) {
            if (ignore.contains(e.getKey())) {
                continue;
            }
            AtomicLongArray a = e.getValue();
            long window = 0;
            for (int s = 0; s < MAX_SECONDS; s++) {
                window += a.get(s);
                if (s >= WINDOW_SECONDS) {
                    window -= a.get(s - WINDOW_SECONDS);
                }
                if (window > best.packets()) {
                    best = new Busiest(e.getKey(), window, window / (double) WINDOW_SECONDS);
                }
            }
        }
        return best;
    }

    int destinations() {
        return perSecond.size();
    }
}
