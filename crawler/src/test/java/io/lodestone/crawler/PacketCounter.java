package io.lodestone.crawler;

import io.lodestone.dht.net.OutboundTap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts the datagrams a farm sends to each destination IP, with their send times, to find the
 * most sent to one IP within any window of a given length (libtorrent bans an IP that sends it
 * more than 5 packets/s averaged over 10 s). Thread-safe; bounded.
 */
final class PacketCounter implements OutboundTap {

    /** Send times kept in all; past it sends are only counted as overflow. */
    static final int MAX_RECORDED = 1_000_000;

    record Peak(InetAddress ip, int packets) {
    }

    private final LongSupplier nanos;
    private final Set<InetAddress> ignored;
    private final Map<InetAddress, List<Long>> sends = new ConcurrentHashMap<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();

    /** @param ignored IPs not counted (the farm's own) */
    PacketCounter(LongSupplier nanos, Set<InetAddress> ignored) {
        this.nanos = nanos;
        this.ignored = Set.copyOf(ignored);
    }

    @Override
    public void sent(InetSocketAddress to, int length) {
        InetAddress ip = to.getAddress();
        if (ignored.contains(ip)) {
            return;
        }
        if (recorded.incrementAndGet() > MAX_RECORDED) {
            overflow.incrementAndGet();
            return;
        }
        List<Long> l = sends.computeIfAbsent(ip, k -> new ArrayList<>());
        synchronized (l) {
            l.add(nanos.getAsLong());
        }
    }

    long overflow() {
        return overflow.get();
    }

    long total() {
        return recorded.get();
    }

    int destinations() {
        return sends.size();
    }

    /** The IP that received the most datagrams within one window of {@code windowNanos}, and how many. */
    Peak peak(long windowNanos) {
        Peak best = new Peak(null, 0);
        for (Map.Entry<InetAddress, List<Long>> e : sends.entrySet()) {
            List<Long> times;
            synchronized (e.getValue()) {
                times = new ArrayList<>(e.getValue());
            }
            times.sort(null);
            int lo = 0;
            for (int hi = 0; hi < times.size(); hi++) {
                while (times.get(hi) - times.get(lo) >= windowNanos) {
                    lo++;
                }
                if (hi - lo + 1 > best.packets()) {
                    best = new Peak(e.getKey(), hi - lo + 1);
                }
            }
        }
        return best;
    }
}
