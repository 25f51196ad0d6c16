package io.lodestone.wire.utp;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.time.VirtualClock;
import io.lodestone.wire.WireMutator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the uTP codec and connection state machine. The corpus is the
 * datagrams of real transfers between two of our state machines over a lossy link (SYNs, DATA,
 * STATE with selective acks, FIN); each input is one of them mutated (bit flips, interesting values,
 * insertions, deletions, splices) or random bytes, decoded, and when it decodes, fed to one of a
 * few live connections (connecting, accepted, mid-transfer) that keep writing, reading and
 * ticking on a virtual clock meanwhile. Nothing may throw, and no connection may hold more than
 * its buffers or answer one packet with more than a window of packets. {@value #DEFAULT_INPUTS}
 * inputs by default; {@code -Dutp.fuzz.inputs=1000000} runs the full count.
 */
class UtpFuzzTest {

    static final int DEFAULT_INPUTS = 50_000;
    private static final long SEED = 0x29L;
    private static final int MAX_INPUT = 2048;
    /** Connections are replaced this often, so every state is visited again and again. */
    private static final int LIFETIME = 5_000;
    private static final UtpConfig CONFIG = UtpConfig.defaults();
    /** Buffers plus the selective-ack reach's bookkeeping: what one connection may hold. */
    private static final long MAX_HELD = (long) CONFIG.sendBuffer() + CONFIG.receiveBuffer();
    /** More packets than a full window out of one call would be a flood. */
    private static final int MAX_BURST = CONFIG.maxWindow() / 64 + 8;

    @Test
    void noCrashNoHoardingOnMutatedPackets() {
        int inputs = Integer.getInteger("utp.fuzz.inputs", DEFAULT_INPUTS);
        List<byte[]> corpus = corpus();
        Random r = new Random(SEED);
        VirtualClock clock = new VirtualClock();
        List<String> failures = new ArrayList<>();
        int decoded = 0;
        long maxHeld = 0;
        UtpConnection[] live = new UtpConnection[3];
        byte[] buf = new byte[16 * 1024];
        byte[] junk = new byte[4096];
        long start = System.nanoTime();
        for (int i = 0; i < inputs && failures.size() < 5; i++) {
            if (i % LIFETIME == 0) {
                live = fresh(clock, corpus, r);
            }
            byte[] input = r.nextInt(20) == 0 ? random(r) : WireMutator.mutate(r, corpus, corpus, MAX_INPUT);
            UtpConnection c = live[r.nextInt(live.length)];
            try {
                if (UtpCodec.decode(input) instanceof UtpDecoded.Packet(UtpPacket p)) {
                    decoded++;
                    assertThat(UtpCodec.decode(UtpCodec.encode(p))).isEqualTo(new UtpDecoded.Packet(p));
                    c.onPacket(p);
                }
                switch (r.nextInt(4)) {
                    case 0 -> clock.advance(Duration.ofMillis(r.nextInt(600)));
                    case 1 -> {
                        if (c.canWrite() && r.nextBoolean()) {
                            c.write(junk, 0, r.nextInt(junk.length));
                        }
                    }
                    case 2 -> c.read(buf, 0, buf.length);
                    default -> c.tick();
                }
                int burst = c.drain().size();
                if (burst > MAX_BURST) {
                    failures.add("burst of " + burst + " packets for " + HexFormat.of().formatHex(input));
                }
                maxHeld = Math.max(maxHeld, c.heldBytes());
                if (c.heldBytes() > MAX_HELD) {
                    failures.add("holds " + c.heldBytes() + " bytes after " + HexFormat.of().formatHex(input));
                }
            } catch (RuntimeException | Error e) {
                failures.add(e + " for " + HexFormat.of().formatHex(input));
            }
        }
        System.out.printf("UtpFuzzTest: %d inputs in %.1f s, %d decoded, at most %d bytes held%n", inputs,
                (System.nanoTime() - start) / 1e9, decoded, maxHeld);
        assertThat(failures).isEmpty();
        // the corpus is live: many mutants still decode and reach the state machine
        assertThat(decoded).isGreaterThan(inputs / 5);
    }

    /** A connecting initiator, an acceptor of a corpus SYN, and an initiator mid-transfer. */
    private static UtpConnection[] fresh(VirtualClock clock, List<byte[]> corpus, Random r) {
        UtpConnection connecting = UtpConnection.connect(clock, CONFIG, r.nextInt(0x10000));
        UtpPacket syn = new UtpPacket(UtpPacket.Type.SYN, r.nextInt(0x10000), 0, 0, 1 << 20, 1, 0, null,
                new byte[0]);
        UtpConnection accepted = UtpConnection.accept(clock, CONFIG, syn, new SplittableRandom(r.nextLong()));
        UtpPair pair = new UtpPair(CONFIG, r.nextLong(), 0.05, 0.05, Duration.ofMillis(5), Duration.ofMillis(5), 0);
        pair.transfer(UtpPair.randomBytes(200_000, r.nextLong()), Duration.ofMillis(300));
        return new UtpConnection[] {connecting, accepted, pair.a};
    }

    /** The datagrams of a few real, lossy transfers, both ways. */
    private static List<byte[]> corpus() {
        List<byte[]> all = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            UtpPair pair = new UtpPair(CONFIG, seed, 0.1, 0.05, Duration.ofMillis(10), Duration.ofMillis(20), 0);
            pair.toB.record = all;
            pair.toA.record = all;
            pair.transfer(UtpPair.randomBytes(300_000, seed), Duration.ofMinutes(2));
        }
        // small payloads keep mutation cheap: cut DATA packets down to their header and a few bytes
        List<byte[]> cut = new ArrayList<>();
        for (int i = 0; i < all.size(); i += Math.max(1, all.size() / 400)) {
            byte[] d = all.get(i);
            cut.add(java.util.Arrays.copyOf(d, Math.min(d.length, 120)));
        }
        return cut;
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        return b;
    }
}
