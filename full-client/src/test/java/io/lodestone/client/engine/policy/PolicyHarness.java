package io.lodestone.client.engine.policy;

import io.lodestone.client.engine.EngineConfig;
import io.lodestone.client.picker.Block;
import io.lodestone.client.storage.TorrentLayout;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import io.lodestone.wire.ReservedBit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link TorrentPolicy} on a virtual clock with every action recorded: the peer session's
 * conformance tests feed it events and read what it did, with no socket, thread or buffer.
 */
final class PolicyHarness {

    /** What the policy did, in order. */
    sealed interface Action {
    }

    record Sent(long peer, PeerMessage message) implements Action {
    }

    record Closed(long peer, String reason) implements Action {
    }

    record Wrote(long peer, Block block) implements Action {
    }

    record Verify(int piece) implements Action {
    }

    record Serve(long peer) implements Action {
    }

    record Extension(long peer, PeerMessage.Extended message) implements Action {
    }

    record Unknown(long peer, PeerMessage.UnknownMessage message) implements Action {
    }

    record Completed() implements Action {
    }

    static final int BLOCK = TorrentLayout.BLOCK_SIZE;
    static final int BLOCKS_PER_PIECE = 2;
    static final InfoHash INFO_HASH = InfoHash.v1(new byte[20]);

    final VirtualClock clock = new VirtualClock();
    final List<Action> actions = new ArrayList<>();
    final TorrentLayout layout;
    final EngineConfig config;
    final TorrentPolicy policy;
    boolean budgetOpen = true;

    PolicyHarness(int pieces) {
        this(pieces, EngineConfig.defaults());
    }

    PolicyHarness(int pieces, EngineConfig base) {
        this(pieces, base, 7);
    }

    PolicyHarness(int pieces, EngineConfig base, long seed) {
        long total = (long) pieces * BLOCKS_PER_PIECE * BLOCK;
        this.layout = new TorrentLayout((long) BLOCKS_PER_PIECE * BLOCK, pieces, total,
                List.of(new TorrentLayout.Extent(0, total)), List.of());
        this.config = base.toBuilder().picker(base.picker().withInvariantChecks(true)).build();
        RequestBudget budget = new RequestBudget() {
            @Override
            public boolean open() {
                return budgetOpen;
            }

            @Override
            public long rateLimit() {
                return 0;
            }
        };
        this.policy = new TorrentPolicy(config, layout, false, clock, new SplittableRandom(seed), new Recorder(), budget);
        policy.start(new BitSet());
        actions.clear();
    }

    /** Connects peer {@code id}, with or without the fast extension; returns its state. */
    PeerState connect(long id, boolean fast) {
        byte[] peerId = new byte[20];
        peerId[0] = (byte) id;
        Handshake h = fast ? Handshake.of(INFO_HASH, peerId, ReservedBit.EXTENSION_PROTOCOL, ReservedBit.FAST_EXTENSION)
                : Handshake.of(INFO_HASH, peerId, ReservedBit.EXTENSION_PROTOCOL);
        PeerState p = policy.connected(id, new InetSocketAddress("127.0.0.1", 6000 + (int) id), true, h);
        policy.greet(id);
        return p;
    }

    void message(long id, PeerMessage m) {
        policy.onMessage(id, m);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** Takes what was done since the last call. */
    List<Action> take() {
        List<Action> out = List.copyOf(actions);
        actions.clear();
        return out;
    }

    /** Messages sent to one peer since the last {@link #take}, leaving the record as it was. */
    List<PeerMessage> sentTo(long id) {
        List<PeerMessage> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Sent s && s.peer() == id) {
                out.add(s.message());
            }
        }
        return out;
    }

    <T extends PeerMessage> List<T> sentTo(long id, Class<T> type) {
        return sentTo(id).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The close reason given to a peer, or null when it was not closed. */
    String closeReason(long id) {
        for (Action a : actions) {
            if (a instanceof Closed c && c.peer() == id) {
                return c.reason();
            }
        }
        return null;
    }

    static BitSet pieces(int... set) {
        BitSet b = new BitSet();
        for (int p : set) {
            b.set(p);
        }
        return b;
    }

    /** A BEP 3 bitfield message for {@code pieces} of {@code count}. */
    static PeerMessage.Bitfield bitfield(int count, int... pieces) {
        return new PeerMessage.Bitfield(TorrentPolicy.bitfield(pieces(pieces), count));
    }

    static PeerMessage.Bitfield all(int count) {
        int[] every = new int[count];
        for (int i = 0; i < count; i++) {
            every[i] = i;
        }
        return bitfield(count, every);
    }

    private final class Recorder implements SessionActions {
        @Override
        public void send(long peer, PeerMessage message) {
            actions.add(new Sent(peer, message));
        }

        @Override
        public void sendRequests(long peer, List<PeerMessage.Request> requests) {
            requests.forEach(r -> actions.add(new Sent(peer, r)));
        }

        @Override
        public void close(long peer, String reason) {
            actions.add(new Closed(peer, reason));
        }

        @Override
        public void write(long peer, Block block) {
            actions.add(new Wrote(peer, block));
        }

        @Override
        public void verify(int piece) {
            actions.add(new Verify(piece));
        }

        @Override
        public void serve(long peer) {
            actions.add(new Serve(peer));
        }

        @Override
        public void extension(long peer, PeerMessage.Extended message) {
            actions.add(new Extension(peer, message));
        }

        @Override
        public void unknown(long peer, PeerMessage.UnknownMessage message) {
            actions.add(new Unknown(peer, message));
        }

        @Override
        public void completed() {
            actions.add(new Completed());
        }
    }
}
