package io.lodestone.client.holepunch;

import io.lodestone.client.holepunch.HolepunchMessage.Connect;
import io.lodestone.client.holepunch.HolepunchMessage.ErrorCode;
import io.lodestone.client.holepunch.HolepunchMessage.Rendezvous;
import io.lodestone.time.Clock;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * BEP 55 for one torrent, as plain decisions: what to send when a peer asks us to relay a
 * rendezvous, when to ask a relay for one ourselves, and whether to dial on a {@code connect}.
 * No sockets and no Netty: peers are the adapter's handles, times come from the injected clock,
 * and every answer is a list of {@link Action}s.
 *
 * <p>Abuse is bounded: a peer may ask for {@link HolepunchConfig#rendezvousPerMinute()} relays a
 * minute, we dial at most {@link HolepunchConfig#connectsPerMinute()} endpoints a minute on
 * {@code connect} messages, and we ask for a given endpoint again only after
 * {@link HolepunchConfig#retryAfter()}.
 *
 * @param <P> the adapter's handle for a connected peer
 */
public final class HolepunchPolicy<P> {

    /** What the adapter does. */
    public sealed interface Action<P> {
        /** Send {@code message} to the connected peer {@code to}. */
        record Send<P>(P to, HolepunchMessage message) implements Action<P> {
        }

        /** Open a uTP connection to {@code endpoint}. */
        record Dial<P>(InetSocketAddress endpoint) implements Action<P> {
        }
    }

    /** What the adapter knows of a connected peer. */
    public record PeerView<P>(P handle, InetSocketAddress endpoint, boolean supportsHolepunch) {
        public PeerView {
            Objects.requireNonNull(handle, "handle");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** The connected peers, as the adapter sees them now. */
    public interface Peers<P> {
        /** The connected peer whose reachable endpoint is {@code endpoint}, if any. */
        Optional<PeerView<P>> byEndpoint(InetSocketAddress endpoint);
    }

    private final HolepunchConfig config;
    private final Clock clock;
    private final InetSocketAddress self;
    private final Map<P, Window> rendezvousBy = new LinkedHashMap<>();
    private final Window connects;
    private final Map<InetSocketAddress, Long> askedAt = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Long> eldest) {
            return size() > HolepunchConfig.MAX_REMEMBERED;
        }
    };

    /** @param self our own reachable endpoint, which nobody may ask us to meet */
    public HolepunchPolicy(HolepunchConfig config, Clock clock, InetSocketAddress self) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.self = self;
        this.connects = new Window(config.connectsPerMinute());
    }

    /** {@code from} asks us to relay a rendezvous with {@code target}. */
    public List<Action<P>> onRendezvous(PeerView<P> from, InetSocketAddress target, Peers<P> peers) {
        long now = clock.nanos();
        if (!rendezvousBy.computeIfAbsent(from.handle(), k -> new Window(config.rendezvousPerMinute()))
                .tryTake(now)) {
            return List.of(); // too many: answered by silence, as a flood deserves
        }
        if (target.equals(from.endpoint())) {
            return List.of(new Action.Send<>(from.handle(), new HolepunchMessage.Error(target, ErrorCode.NO_SUCH_PEER)));
        }
        if (target.equals(self)) {
            return List.of(new Action.Send<>(from.handle(), new HolepunchMessage.Error(target, ErrorCode.NO_SELF)));
        }
        Optional<PeerView<P>> t = peers.byEndpoint(target);
        if (t.isEmpty()) {
            return List.of(new Action.Send<>(from.handle(),
                    new HolepunchMessage.Error(target, ErrorCode.NOT_CONNECTED)));
        }
        if (!t.get().supportsHolepunch()) {
            return List.of(new Action.Send<>(from.handle(), new HolepunchMessage.Error(target, ErrorCode.NO_SUPPORT)));
        }
        return List.of(new Action.Send<>(t.get().handle(), new Connect(from.endpoint())),
                new Action.Send<>(from.handle(), new Connect(target)));
    }

    /**
     * A relay told us to dial {@code endpoint}: dial, unless we are already connected to it, it is
     * ourselves, or too many connects came this minute.
     */
    public List<Action<P>> onConnect(InetSocketAddress endpoint, Peers<P> peers) {
        if (endpoint.equals(self) || peers.byEndpoint(endpoint).isPresent() || !connects.tryTake(clock.nanos())) {
            return List.of();
        }
        return List.of(new Action.Dial<>(endpoint));
    }

    /**
     * We could not dial {@code unreachable}; {@code relay} is connected and said (by PEX) that it
     * is connected to it. Ask the relay for a rendezvous, once per {@link HolepunchConfig#retryAfter()}.
     */
    public List<Action<P>> onUnreachable(InetSocketAddress unreachable, PeerView<P> relay) {
        if (!relay.supportsHolepunch() || unreachable.equals(self)) {
            return List.of();
        }
        long now = clock.nanos();
        Long last = askedAt.get(unreachable);
        if (last != null && now - last < config.retryAfter().toNanos()) {
            return List.of();
        }
        askedAt.put(unreachable, now);
        return List.of(new Action.Send<>(relay.handle(), new Rendezvous(unreachable)));
    }

    /** The relay could not make the rendezvous: nothing to do but remember it was tried. */
    public void onError(HolepunchMessage.Error error) {
        askedAt.put(error.endpoint(), clock.nanos());
    }

    /** A peer left: its rate window goes with it. */
    public void peerGone(P handle) {
        rendezvousBy.remove(handle);
    }

    /** A sliding one-minute budget, kept as the start times of the last {@code limit} uses. */
    private static final class Window {
        private static final long MINUTE = 60_000_000_000L;
        private final long[] times;
        private int next;
        private int used;

        Window(int limit) {
            times = new long[Math.max(1, limit)];
        }

        boolean tryTake(long now) {
            if (used == times.length && now - times[next] < MINUTE) {
                return false;
            }
            times[next] = now;
            next = (next + 1) % times.length;
            used = Math.min(used + 1, times.length);
            return true;
        }
    }
}
