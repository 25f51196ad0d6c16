package io.lodestone.client.pex;

import io.lodestone.time.Clock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * PEX bookkeeping for one connection: what we last told the peer, so each message carries only
 * the difference, sent at most once per {@link #SEND_INTERVAL} (BEP 11); and how often the peer
 * talks to us, so a flood can be ignored. Pure: the engine passes the current peer set in.
 *
 * <p>Not thread-safe; one connection's events come from one thread.
 */
public final class PexState {

    /** BEP 11: no more than one message a minute to a peer. */
    public static final Duration SEND_INTERVAL = Duration.ofMinutes(1);
    /** Incoming messages allowed within {@link #SEND_INTERVAL} before the rest are ignored; room for timer jitter. */
    public static final int MAX_INCOMING_PER_INTERVAL = 2;

    private final Clock clock;
    /** What the peer has been told is connected, with the flags told. */
    private final Map<InetSocketAddress, Integer> told = new LinkedHashMap<>();
    private final Deque<Long> incoming = new ArrayDeque<>();
    private long lastSentNanos;
    private boolean sentOnce;

    public PexState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The message to send now, if one is due and anything changed. {@code current} are the peers
     * we are connected to (the recipient itself left out by the caller). When more changed than
     * one message may carry, the rest follow in later messages.
     */
    public Optional<PexMessage> next(Collection<PexPeer> current) {
        long now = clock.nanos();
        if (sentOnce && now - lastSentNanos < SEND_INTERVAL.toNanos()) {
            return Optional.empty();
        }
        Map<InetSocketAddress, PexPeer> byAddress = new LinkedHashMap<>();
        for (PexPeer p : current) {
            byAddress.putIfAbsent(p.address(), p);
        }
        List<PexPeer> added = new ArrayList<>();
        int added4 = 0;
        int added6 = 0;
        for (PexPeer p : byAddress.values()) {
            Integer flags = told.get(p.address());
            if (flags != null && flags == p.flags()) {
                continue;
            }
            boolean v4 = PexMessage.isIpv4(p.address());
            if (v4 ? added4 >= PexCodec.MAX_ADDED : added6 >= PexCodec.MAX_ADDED) {
                continue; // next time
            }
            if (v4) {
                added4++;
            } else {
                added6++;
            }
            added.add(p);
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        int dropped4 = 0;
        int dropped6 = 0;
        for (InetSocketAddress a : told.keySet()) {
            if (byAddress.containsKey(a)) {
                continue;
            }
            boolean v4 = PexMessage.isIpv4(a);
            if (v4 ? dropped4 >= PexCodec.MAX_DROPPED : dropped6 >= PexCodec.MAX_DROPPED) {
                continue;
            }
            if (v4) {
                dropped4++;
            } else {
                dropped6++;
            }
            dropped.add(a);
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return Optional.empty();
        }
        for (PexPeer p : added) {
            told.put(p.address(), p.flags());
        }
        for (InetSocketAddress a : dropped) {
            told.remove(a);
        }
        lastSentNanos = now;
        sentOnce = true;
        return Optional.of(new PexMessage(added, dropped));
    }

    /**
     * Records a message from the peer; false when it comes too soon after the previous ones and
     * should be ignored (BEP 11 allows one a minute).
     */
    public boolean acceptIncoming() {
        long now = clock.nanos();
        while (!incoming.isEmpty() && now - incoming.peekFirst() >= SEND_INTERVAL.toNanos()) {
            incoming.pollFirst();
        }
        if (incoming.size() >= MAX_INCOMING_PER_INTERVAL) {
            return false;
        }
        incoming.addLast(now);
        return true;
    }

    /** The addresses the peer currently believes we are connected to. */
    public Set<InetSocketAddress> told() {
        return new HashSet<>(told.keySet());
    }
}
