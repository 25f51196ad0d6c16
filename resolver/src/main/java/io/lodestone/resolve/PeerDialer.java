package io.lodestone.resolve;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one gate every metadata dial passes, shared by all resolve services of a process: a global
 * cap on TCP connections open or opening, and the {@link DialPolicy} (dead peers, per-IP rate).
 * A slot is taken before the socket is made and given back only once the fetch has ended, and a
 * fetch ends only after its socket is closed, so the count never understates. Thread-safe.
 */
public final class PeerDialer {

    /** What {@link #tryDial} decided. */
    public enum Decision {
        DIALED, DEAD, WAIT, FULL,
        /**
         * Another resolution is dialling this very peer now: ask again once that ends (it may end
         * the peer's chances), so a dead peer announced for many hashes is dialled once, not once each.
         */
        BUSY
    }

    /** Peers with a dial under way, and how many (more than one only for peers the policy lets through twice). */
    private final java.util.Map<InetSocketAddress, Integer> dialling = new java.util.HashMap<>();

    private final DialPolicy policy;
    private final LongSupplier clock;
    private int open;
    private int peak;
    private long deadSkipped;
    private long waitUntil;

    public PeerDialer(DialConfig config) {
        this(config, System::nanoTime);
    }

    public PeerDialer(DialConfig config, LongSupplier nanoClock) {
        this.policy = new DialPolicy(config);
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public DialConfig config() {
        return policy.config();
    }

    /**
     * Takes a connection slot and a dial token for {@code peer} if the peer is not dead, its IP has
     * a token and a slot is free. On {@link Decision#WAIT}, {@link #lastWaitUntil()} says when.
     */
    public synchronized Decision tryDial(InetSocketAddress peer) {
        long now = clock.getAsLong();
        switch (policy.check(peer, now)) {
            case DialPolicy.Dead d -> {
                deadSkipped++;
                return Decision.DEAD;
            }
            case DialPolicy.Wait w -> {
                waitUntil = w.atNanos();
                return Decision.WAIT;
            }
            case DialPolicy.Allow a -> {
                if (dialling.containsKey(peer)) {
                    return Decision.BUSY;
                }
                if (open >= policy.config().maxConnections()) {
                    return Decision.FULL;
                }
                policy.dialed(peer, now);
                dialling.merge(peer, 1, Integer::sum);
                open++;
                peak = Math.max(peak, open);
                return Decision.DIALED;
            }
        }
    }

    /** When the last {@link Decision#WAIT} may be tried again (nanos on this dialer's clock). */
    public synchronized long lastWaitUntil() {
        return waitUntil;
    }

    /** A dial to {@code peer} that {@link #tryDial} allowed has ended (its socket closed) with {@code result}, or null if cancelled. */
    public synchronized void ended(InetSocketAddress peer, FetchResult result) {
        open--;
        dialling.computeIfPresent(peer, (k, n) -> n > 1 ? n - 1 : null);
        if (result != null) {
            policy.ended(result, clock.getAsLong());
        }
    }

    /** Whether {@code peer} is remembered dead now. */
    public synchronized boolean isDead(InetSocketAddress peer) {
        return policy.check(peer, clock.getAsLong()) instanceof DialPolicy.Dead;
    }

    public synchronized int open() {
        return open;
    }

    /** The most connections open or opening at once since start. */
    public synchronized int peak() {
        return peak;
    }

    public synchronized int deadPeers() {
        policy.expire(clock.getAsLong());
        return policy.deadPeers();
    }

    /** Peers not dialled because they were remembered dead. */
    public synchronized long deadSkipped() {
        return deadSkipped;
    }

    public long nanos() {
        return clock.getAsLong();
    }
}
