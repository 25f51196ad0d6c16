package io.lodestone.wire.utp;

import io.lodestone.time.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Two uTP state machines talking through two {@link LossyLink}s on one virtual clock: the
 * initiator writes, the acceptor reads (or stops reading to test the window), as DhtNode's tests
 * run nodes over an in-memory network.
 */
final class UtpPair {

    static final long STEP_NANOS = 1_000_000L;

    final VirtualClock clock = new VirtualClock();
    final UtpConfig config;
    final LossyLink toB;
    final LossyLink toA;
    final UtpConnection a;
    UtpConnection b;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean bReads = true;
    private int written;
    private boolean closed;
    int maxCwnd;
    long maxHeld;

    UtpPair(UtpConfig config, long seed, double loss, double duplication, Duration delay, Duration jitter,
            long bottleneckBytesPerSecond) {
        this.config = config;
        this.toB = new LossyLink(clock, seed, loss, duplication, delay.toNanos(), jitter.toNanos(),
                bottleneckBytesPerSecond);
        this.toA = new LossyLink(clock, seed + 1, loss, duplication, delay.toNanos(), jitter.toNanos(), 0);
        this.a = UtpConnection.connect(clock, config, 4000);
        a.drain().forEach(toB::send);
    }

    /**
     * Sends {@code data} from a to b, then closes a; returns what b read by the time limit. Called
     * again, it carries on where the last call stopped.
     */
    byte[] transfer(byte[] data, Duration limit) {
        long end = clock.nanos() + limit.toNanos();
        byte[] buf = new byte[64 * 1024];
        while (clock.nanos() < end) {
            step();
            if (a.state() == UtpConnection.State.CONNECTED && written < data.length) {
                written += a.write(data, written, data.length - written);
            }
            if (written == data.length && !closed && a.state() == UtpConnection.State.CONNECTED) {
                a.close();
                closed = true;
            }
            a.drain().forEach(toB::send);
            if (b != null && bReads) {
                int n;
                while ((n = b.read(buf, 0, buf.length)) > 0) {
                    received.write(buf, 0, n);
                }
                b.drain().forEach(toA::send);
            }
            if (b != null && b.atEof() && a.finishedSending()) {
                break;
            }
            if (a.state() == UtpConnection.State.CLOSED && a.error() != null) {
                break;
            }
        }
        return received.toByteArray();
    }

    /** Delivers what is due, ticks both sides, and moves the clock one step. */
    void step() {
        toB.deliver(p -> {
            if (b == null) {
                if (p.type() == UtpPacket.Type.SYN) {
                    b = UtpConnection.accept(clock, config, p, new SplittableRandom(7));
                }
            } else {
                b.onPacket(p);
            }
        });
        if (b != null) {
            b.tick();
            b.drain().forEach(toA::send);
        }
        toA.deliver(a::onPacket);
        a.tick();
        a.drain().forEach(toB::send);
        maxCwnd = Math.max(maxCwnd, a.congestionWindow());
        maxHeld = Math.max(maxHeld, a.heldBytes() + (b == null ? 0 : b.heldBytes()));
        clock.advance(Duration.ofNanos(STEP_NANOS));
    }

    /** Where two byte arrays first differ, -1 when equal: a readable failure for megabytes. */
    static long mismatch(byte[] got, byte[] want) {
        return java.util.Arrays.mismatch(got, want);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] d = new byte[n];
        new Random(seed).nextBytes(d);
        return d;
    }
}
