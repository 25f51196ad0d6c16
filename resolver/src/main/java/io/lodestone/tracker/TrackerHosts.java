package io.lodestone.tracker;

import io.lodestone.dht.node.Ips;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Which tracker hosts may be contacted. A magnet comes from anyone, so without
 * {@code allowPrivate} a tracker whose name resolves to a loopback, private, link-local or other
 * non-public address is refused before any packet goes out: otherwise a web page could make this
 * machine probe its own LAN or local services. Every address a name resolves to must be public
 * (one private answer is enough to refuse), and each redirect hop is checked again.
 */
final class TrackerHosts {

    /** Resolves a host name; injected so tests need no DNS. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    TrackerHosts(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    static TrackerHosts of(TrackerConfig config) {
        return new TrackerHosts(config.allowPrivate(), InetAddress::getAllByName);
    }

    /**
     * The first address of {@code host} once checked.
     *
     * @throws TrackerException BAD_URL when the host is not public and private ones are not
     *                          allowed; TRANSPORT when it does not resolve
     */
    InetAddress check(String host) {
        if (host == null || host.isEmpty()) {
            throw new TrackerException(TrackerException.Kind.BAD_URL, "no tracker host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = resolver.resolve(bare);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new TrackerException(TrackerException.Kind.TRANSPORT, "cannot resolve "
                    + HttpTrackerCodec.quote(bare));
        }
        if (all == null || all.length == 0) {
            throw new TrackerException(TrackerException.Kind.TRANSPORT, "cannot resolve " + HttpTrackerCodec.quote(bare));
        }
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (!Ips.isPublic(a)) {
                    throw new TrackerException(TrackerException.Kind.BAD_URL, "tracker " + HttpTrackerCodec.quote(bare)
                            + " is a loopback, private or link-local address (" + a.getHostAddress()
                            + "); refused without --allow-private");
                }
            }
        }
        return all[0];
    }
}
