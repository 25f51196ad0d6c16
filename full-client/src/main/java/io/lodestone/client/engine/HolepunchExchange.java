package io.lodestone.client.engine;

import io.lodestone.client.holepunch.HolepunchCodec;
import io.lodestone.client.holepunch.HolepunchConfig;
import io.lodestone.client.holepunch.HolepunchMessage;
import io.lodestone.client.holepunch.HolepunchPolicy;
import io.lodestone.client.holepunch.HolepunchPolicy.Action;
import io.lodestone.client.holepunch.HolepunchPolicy.PeerView;
import io.lodestone.time.Clock;
import io.lodestone.wire.PeerMessage;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * BEP 55 on a torrent's connections: the holepunch package's policy fed with the peers we hold.
 * We relay rendezvous between two peers we are connected to, dial over uTP when a relay says
 * {@code connect}, and ask the peer that told us of an address (by PEX) for a rendezvous when our
 * own dial to it failed. Loop-only.
 */
final class HolepunchExchange {

    /** The id peers send ut_holepunch to us with; libtorrent uses the same number. */
    static final int OUR_UT_HOLEPUNCH = 4;
    /** Addresses whose PEX source is remembered, the oldest forgotten first. */
    static final int MAX_REMEMBERED = 4096;

    private final HolepunchPolicy<Peer> policy;
    private final Connections peers;
    private final Clock clock;
    private final Consumer<InetSocketAddress> dialUtp;
    /** Who told us of an address by PEX (a peer id), with the holepunch flag set. */
    private final Map<InetSocketAddress, Long> toldBy = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    HolepunchExchange(Clock clock, Connections peers, InetSocketAddress self, Consumer<InetSocketAddress> dialUtp) {
        this.policy = new HolepunchPolicy<>(HolepunchConfig.defaults(), clock, self);
        this.peers = peers;
        this.clock = clock;
        this.dialUtp = dialUtp;
    }

    /** {@code relay} told us (PEX) of {@code address}, saying it speaks ut_holepunch. */
    void heardOf(Peer relay, InetSocketAddress address) {
        toldBy.put(address, relay.id);
    }

    void onMessage(Peer p, byte[] payload) {
        HolepunchMessage m = HolepunchCodec.decode(payload);
        List<Action<Peer>> actions = switch (m) {
            case HolepunchMessage.Rendezvous r -> policy.onRendezvous(view(p), r.endpoint(), this::byEndpoint);
            case HolepunchMessage.Connect c -> policy.onConnect(c.endpoint(), this::byEndpoint);
            case HolepunchMessage.Error e -> {
                policy.onError(e);
                yield List.of();
            }
        };
        run(actions);
    }

    /** Our dial to {@code address} failed: ask the peer that told us of it to introduce us. */
    void dialFailed(InetSocketAddress address) {
        Long relayId = toldBy.get(address);
        Peer relay = relayId == null ? null : peers.get(relayId);
        if (relay != null && relay.utHolepunch != 0) {
            run(policy.onUnreachable(address, view(relay)));
        }
    }

    void peerGone(Peer p) {
        policy.peerGone(p);
    }

    private void run(List<Action<Peer>> actions) {
        long now = clock.nanos();
        for (Action<Peer> a : actions) {
            switch (a) {
                case Action.Send<Peer> s -> {
                    if (s.to().utHolepunch != 0) {
                        s.to().send(new PeerMessage.Extended(s.to().utHolepunch, HolepunchCodec.encode(s.message())),
                                now);
                    }
                }
                case Action.Dial<Peer> d -> dialUtp.accept(d.endpoint());
            }
        }
    }

    private static PeerView<Peer> view(Peer p) {
        return new PeerView<>(p, p.listenAddress(), p.utHolepunch != 0);
    }

    private Optional<PeerView<Peer>> byEndpoint(InetSocketAddress endpoint) {
        for (Peer p : peers.all()) {
            if (endpoint.equals(p.listenAddress()) || endpoint.equals(p.wire.remoteAddress())) {
                return Optional.of(view(p));
            }
        }
        return Optional.empty();
    }
}
