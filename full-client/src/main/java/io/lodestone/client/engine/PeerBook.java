package io.lodestone.client.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every peer address a torrent has heard of (DHT, trackers, PEX, the user), which of them to
 * connect to next, and who is banned. Pure: time comes in as nanoseconds. Not thread-safe: owned
 * by the torrent's loop.
 *
 * <p>A ban is on the IP address, as libtorrent bans; on loopback, where every local client shares
 * 127.0.0.1, it is on the address and port instead (and on the peer id, which catches the same
 * peer connecting in from another port).
 */
public final class PeerBook {

    /** Where an address came from; for logs and counts. */
    public enum Source { USER, TRACKER, DHT, PEX, INCOMING, MAGNET }

    private static final class Entry {
        final InetSocketAddress address;
        final Source source;
        int failures;
        long retryAt;
        boolean connected;
        boolean connecting;

        Entry(InetSocketAddress address, Source source) {
            this.address = address;
            this.source = source;
        }
    }

    private final int maxKnown;
    private final int maxFailures;
    private final long reconnectDelayNanos;
    private final boolean allowPrivate;
    private final Map<InetSocketAddress, Entry> known = new LinkedHashMap<>();
    private final Set<Object> banned = new HashSet<>();
    private final Set<InetSocketAddress> ownAddresses = new HashSet<>();

    public PeerBook(int maxKnown, int maxFailures, long reconnectDelayNanos, boolean allowPrivate) {
        this.maxKnown = maxKnown;
        this.maxFailures = maxFailures;
        this.reconnectDelayNanos = reconnectDelayNanos;
        this.allowPrivate = allowPrivate;
    }

    /** Our own listening addresses: never connected to. */
    public void addOwn(InetSocketAddress self) {
        ownAddresses.add(self);
        known.remove(self);
    }

    /** Remembers an address; false when it is dropped (private, banned, ours, full, bad port). */
    public boolean add(InetSocketAddress a, Source source) {
        if (a == null || a.isUnresolved() || a.getPort() == 0 || ownAddresses.contains(a)) {
            return false;
        }
        if (!allowPrivate && isPrivate(a.getAddress())) {
            return false;
        }
        if (isBanned(a) || known.containsKey(a) || known.size() >= maxKnown) {
            return false;
        }
        known.put(a, new Entry(a, source));
        return true;
    }

    public int size() {
        return known.size();
    }

    public boolean knows(InetSocketAddress a) {
        return known.containsKey(a);
    }

    /** Up to {@code max} addresses to connect to now, marked as connecting; first heard, first tried. */
    public List<InetSocketAddress> candidates(int max, long now) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Entry e : known.values()) {
            if (out.size() >= max) {
                break;
            }
            if (!e.connected && !e.connecting && e.failures < maxFailures && now - e.retryAt >= 0) {
                e.connecting = true;
                out.add(e.address);
            }
        }
        return out;
    }

    /** An incoming or outgoing connection stood (its handshake is in). */
    public void connected(InetSocketAddress a, Source source) {
        Entry e = known.get(a);
        if (e == null && known.size() < maxKnown && !isBanned(a)) {
            e = new Entry(a, source);
            known.put(a, e);
        }
        if (e != null) {
            e.connecting = false;
            e.connected = true;
            e.failures = 0;
        }
    }

    /** A connection attempt failed or a connection ended; the address may be retried later. */
    public void disconnected(InetSocketAddress a, boolean failed, long now) {
        disconnected(a, failed, now, false);
    }

    /**
     * {@link #disconnected}, with the address a candidate again at once when {@code atOnce}: the
     * failure still counts, so a peer that kept failing so would still be given up.
     */
    public void disconnected(InetSocketAddress a, boolean failed, long now, boolean atOnce) {
        Entry e = known.get(a);
        if (e == null) {
            return;
        }
        e.connecting = false;
        e.connected = false;
        if (failed) {
            e.failures++;
        }
        e.retryAt = atOnce ? now : now + reconnectDelayNanos * Math.max(1, e.failures);
    }

    /** Never again: forgets the address and refuses it (and the peer id, if known) from now on. */
    public void ban(InetSocketAddress a, byte[] peerId) {
        banned.add(banKey(a));
        if (peerId != null) {
            banned.add(java.util.HexFormat.of().formatHex(peerId));
        }
        known.remove(a);
    }

    public boolean isBanned(InetSocketAddress a) {
        return banned.contains(banKey(a));
    }

    public boolean isBanned(byte[] peerId) {
        return peerId != null && banned.contains(java.util.HexFormat.of().formatHex(peerId));
    }

    public int bannedCount() {
        return (int) banned.stream().filter(k -> !(k instanceof String)).count();
    }

    private static Object banKey(InetSocketAddress a) {
        return a.getAddress().isLoopbackAddress() ? a : a.getAddress();
    }

    /** Loopback, private, link-local, unique local and the like: what a public client drops. */
    static boolean isPrivate(InetAddress a) {
        if (a == null) {
            return true;
        }
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }
}
