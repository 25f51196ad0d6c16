package io.lodestone.ops.bench.sim;

import io.lodestone.dht.node.DatagramSink;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * The links between our farm and the simulated nodes: each datagram is lost with the configured
 * probability or arrives after the node's one-way latency, both ways. Counts what we send, and
 * for every node the most datagrams it got from our IP inside any 10 s (a sliding window over the
 * send times, which is what a node's ban counter would see before loss).
 */
final class SimNetwork {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    /** Send times kept per node: more than any ban threshold we check against. */
    static final int WINDOW_CAP = 256;

    private final SimPopulation pop;
    private final SimResponder responder;
    private final VirtualEvents events;
    private final SplittableRandom random;
    private final double loss;
    private SimFarm farm;
    private final long[][] recent;
    private final int[] recentNext;
    private final boolean[] queried;
    private final boolean[] answeredUs;
    private long sent;
    private long undeliverable;
    private int maxInWindow;

    SimNetwork(SimPopulation pop, SimResponder responder, VirtualEvents events, double loss, SplittableRandom random) {
        this.pop = pop;
        this.responder = responder;
        this.events = events;
        this.loss = loss;
        this.random = random;
        this.recent = new long[pop.total][];
        this.recentNext = new int[pop.total];
        this.queried = new boolean[pop.total];
        this.answeredUs = new boolean[pop.total];
    }

    void attach(SimFarm f) {
        this.farm = f;
    }

    /** The sink of the farm node at {@code self}. */
    DatagramSink sinkFor(InetSocketAddress self) {
        return (to, datagram) -> send(self, to, datagram);
    }

    private void send(InetSocketAddress from, InetSocketAddress to, byte[] datagram) {
        sent++;
        int i = pop.indexOf(to);
        if (i < 0) {
            undeliverable++;
            return;
        }
        long now = events.clock().nanos();
        queried[i] = true;
        record(i, now);
        if (random.nextDouble() < loss) {
            return;
        }
        byte[] copy = datagram.clone();
        long lat = pop.latencyNanos[i];
        events.at(now + lat, () -> {
            byte[] answer = responder.receive(i, copy, events.clock().nanos());
            if (answer == null || random.nextDouble() < loss) {
                return;
            }
            answeredUs[i] = true;
            events.at(events.clock().nanos() + lat, () -> farm.deliver(from, pop.addresses[i], answer));
        });
    }

    private void record(int i, long now) {
        long[] ring = recent[i];
        if (ring == null) {
            ring = recent[i] = new long[WINDOW_CAP];
            java.util.Arrays.fill(ring, Long.MIN_VALUE);
        }
        ring[recentNext[i]] = now;
        recentNext[i] = (recentNext[i] + 1) % WINDOW_CAP;
        int inWindow = 0;
        for (long t : ring) {
            if (t != Long.MIN_VALUE && now - t < WINDOW_NANOS) {
                inWindow++;
            }
        }
        maxInWindow = Math.max(maxInWindow, inWindow);
    }

    long sent() {
        return sent;
    }

    long undeliverable() {
        return undeliverable;
    }

    /** The most datagrams any one node got from us in 10 s (capped at {@link #WINDOW_CAP}). */
    int maxInWindow() {
        return maxInWindow;
    }

    int queriedNodes() {
        int n = 0;
        for (boolean q : queried) {
            n += q ? 1 : 0;
        }
        return n;
    }

    int silentNodes() {
        int n = 0;
        for (int i = 0; i < queried.length; i++) {
            n += queried[i] && !answeredUs[i] ? 1 : 0;
        }
        return n;
    }
}
