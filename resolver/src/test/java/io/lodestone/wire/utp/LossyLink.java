package io.lodestone.wire.utp;

import io.lodestone.time.VirtualClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One direction of an in-memory network path on a virtual clock: datagrams are dropped, duplicated,
 * delayed and so reordered at seeded random, and optionally queued behind a bottleneck of a given
 * rate (so queuing delay grows with what is in flight, as a real router's queue does).
 */
final class LossyLink {

    private record InFlight(long at, long order, byte[] datagram) {
    }

    private final VirtualClock clock;
    private final Random random;
    private final double loss;
    private final double duplication;
    private final long baseDelayNanos;
    private final long jitterNanos;
    private final long nanosPerByte;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            Comparator.comparingLong(InFlight::at).thenComparingLong(InFlight::order));
    private long order;
    private long bottleneckFreeAt;
    int sent;
    int dropped;
    /** When set, every datagram sent is also added here (a fuzz corpus). */
    List<byte[]> record;

    LossyLink(VirtualClock clock, long seed, double loss, double duplication, long baseDelayNanos, long jitterNanos,
              long bytesPerSecond) {
        this.clock = clock;
        this.random = new Random(seed);
        this.loss = loss;
        this.duplication = duplication;
        this.baseDelayNanos = baseDelayNanos;
        this.jitterNanos = jitterNanos;
        this.nanosPerByte = bytesPerSecond <= 0 ? 0 : 1_000_000_000L / bytesPerSecond;
    }

    void send(UtpPacket p) {
        sent++;
        byte[] d = UtpCodec.encode(p);
        if (record != null) {
            record.add(d);
        }
        if (random.nextDouble() < loss) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < duplication ? 2 : 1;
        long now = clock.nanos();
        long leave = now;
        if (nanosPerByte > 0) {
            bottleneckFreeAt = Math.max(bottleneckFreeAt, now) + d.length * nanosPerByte;
            leave = bottleneckFreeAt;
        }
        for (int i = 0; i < copies; i++) {
            long jitter = jitterNanos == 0 ? 0 : (long) (random.nextDouble() * jitterNanos);
            queue.add(new InFlight(leave + baseDelayNanos + jitter, order++, d));
        }
    }

    /** Delivers, decoded, every datagram due by now. */
    void deliver(Consumer<UtpPacket> to) {
        List<byte[]> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().at() <= clock.nanos()) {
            due.add(queue.poll().datagram());
        }
        for (byte[] d : due) {
            if (UtpCodec.decode(d) instanceof UtpDecoded.Packet p) {
                to.accept(p.packet());
            }
        }
    }

    /** When the next datagram is due, or Long.MAX_VALUE. */
    long nextAt() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
    }
}
