package io.lodestone.client.engine;

import io.lodestone.client.picker.Block;
import io.lodestone.time.Clock;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a torrent knows about one connected peer: the four BEP 3 flags, what it has, our requests
 * to it and its requests to us, rates and times. Plain state owned by the torrent's loop; the
 * rules live in {@link Torrent} and its helpers.
 */
final class Peer {

    final long id;
    final PeerWire wire;
    final InetSocketAddress address;
    final byte[] peerId;
    final boolean fast;
    final boolean extensions;
    /** It set BEP 52's v2 bit in its handshake. */
    final boolean v2;
    final long connectedAt;
    final RateMeter down;
    final RateMeter up;

    boolean amChoking = true;
    boolean amInterested;
    boolean peerChoking = true;
    boolean peerInterested;
    /** The peer sent a bitfield, have all or have none (only one is allowed, first). */
    boolean announcedPieces;
    boolean seed;
    int piecesHave;
    /** What it has, from its bitfield, haves or have all. */
    final java.util.BitSet has = new java.util.BitSet();
    /** {@code reqq} from its extension handshake: requests it queues; we never keep more outstanding. */
    int maxOutstanding = Integer.MAX_VALUE;
    /** Extension ids the peer assigned (0: not supported). */
    int utPex;
    int utMetadata;
    /** The port it listens on, when it said ({@code p} of the extension handshake). */
    int listenPort;
    String client;

    /** Our requests to it, in the order sent, to when they were sent. */
    final Map<Block, Long> outstanding = new LinkedHashMap<>();
    /** Pieces it lets us request while choked (BEP 6). */
    final Set<Integer> allowedFast = new HashSet<>();
    /** Pieces we let it request while choked. */
    final Set<Integer> allowedFastSent = new HashSet<>();
    /** Its requests to us not yet served. */
    final ArrayDeque<PeerMessage.Request> served = new ArrayDeque<>();
    /** Disk reads under way for it. */
    int reading;

    long lastReceived;
    long lastSent;
    /** The later of its last block and the moment our queue to it became non-empty; for snubbing. */
    long lastPieceAt;
    boolean snubbed;
    io.lodestone.client.pex.PexState pex;
    int metadataServed;
    int unrequestedBlocks;
    long receivedPayload;

    Peer(long id, PeerWire wire, Handshake handshake, Clock clock) {
        this.id = id;
        this.wire = wire;
        this.address = wire.remoteAddress();
        this.peerId = handshake.peerId();
        this.fast = handshake.supportsFastExtension();
        this.extensions = handshake.supportsExtensionProtocol();
        this.v2 = handshake.supportsV2Upgrade();
        this.connectedAt = clock.nanos();
        this.lastReceived = connectedAt;
        this.lastSent = connectedAt;
        this.lastPieceAt = connectedAt;
        this.down = new RateMeter(clock);
        this.up = new RateMeter(clock);
    }

    void send(PeerMessage m, long now) {
        wire.send(m);
        lastSent = now;
    }

    /** Where it accepts connections: its listen port if it told us, else the address it came from. */
    InetSocketAddress listenAddress() {
        if (wire.outgoing() || listenPort == 0) {
            return address;
        }
        return new InetSocketAddress(address.getAddress(), listenPort);
    }

    @Override
    public String toString() {
        return "peer " + id + " " + address + (client == null ? "" : " (" + client + ")");
    }
}
