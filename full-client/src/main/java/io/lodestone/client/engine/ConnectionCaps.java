package io.lodestone.client.engine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many peer connections a client holds: at most {@code maxTotal} over every torrent and both
 * directions, and at most {@code maxIncomingPerIp} incoming from one address, so one host cannot
 * take every slot. A slot is taken before a socket is used and given back when it closes.
 * Thread-safe; memory is one entry per IP with an incoming connection open.
 */
public final class ConnectionCaps {

    private final int maxTotal;
    private final int maxIncomingPerIp;
    private final Map<InetAddress, Integer> incoming = new HashMap<>();
    private int open;
    private long refused;

    public ConnectionCaps(int maxTotal, int maxIncomingPerIp) {
        if (maxTotal < 1 || maxIncomingPerIp < 1) {
            throw new IllegalArgumentException("caps must be positive");
        }
        this.maxTotal = maxTotal;
        this.maxIncomingPerIp = maxIncomingPerIp;
    }

    /** Takes a slot for an outgoing connection; false when every slot is taken. */
    public synchronized boolean tryOutgoing() {
        if (open >= maxTotal) {
            refused++;
            return false;
        }
        open++;
        return true;
    }

    /** Takes a slot for an incoming connection from {@code ip}; false when full or that IP has its share. */
    public synchronized boolean tryIncoming(InetAddress ip) {
        int fromIp = incoming.getOrDefault(ip, 0);
        if (open >= maxTotal || fromIp >= maxIncomingPerIp) {
            refused++;
            return false;
        }
        open++;
        incoming.put(ip, fromIp + 1);
        return true;
    }

    public synchronized void closedOutgoing() {
        open--;
    }

    public synchronized void closedIncoming(InetAddress ip) {
        open--;
        incoming.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Slots free now. */
    public synchronized int room() {
        return maxTotal - open;
    }

    public synchronized int open() {
        return open;
    }

    /** Connections refused for want of a slot since start. */
    public synchronized long refused() {
        return refused;
    }
}
