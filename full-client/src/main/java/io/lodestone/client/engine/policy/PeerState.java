package io.lodestone.client.engine.policy;

import io.lodestone.client.engine.RateMeter;
import io.lodestone.time.Clock;
import io.lodestone.wire.Handshake;
import io.lodestone.wire.PeerMessage;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * What the policy knows about one connected peer: the four BEP 3 flags, what it has, its BEP 6
 * allowances, its requests to us, rates and times. Its requests from us live in the picker alone.
 * Written by the policy; the adapter reads it and sets what the extension handshake told.
 */
public final class PeerState {

    final long id;
    final InetSocketAddress address;
    final byte[] peerId;
    final boolean outgoing;
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
    /** The peer sent a bitfield, have all or have none. */
    boolean announcedPieces;
    boolean seed;
    final BitSet has = new BitSet();
    /** {@code reqq} from its extension handshake: we never keep more requests outstanding with it. */
    int maxOutstanding = Integer.MAX_VALUE;
    int listenPort;
    private InetSocketAddress listenAddress;
    String client;
    /** Pieces it lets us request while choked (BEP 6). */
    final Set<Integer> allowedFast = new HashSet<>();
    /** Pieces we let it request while choked. */
    final Set<Integer> allowedFastSent = new HashSet<>();
    /** Its requests to us not yet served, oldest first. */
    final ArrayDeque<PeerMessage.Request> served = new ArrayDeque<>();

    long lastReceived;
    long lastSent;
    /** The later of its last block and the moment our queue to it became non-empty; for snubbing. */
    long lastPieceAt;
    boolean snubbed;
    /**
     * Requests to it timed out since its last block: refilling its emptied queue is not a fresh
     * start, or a peer that never answers would never count as snubbed.
     */
    boolean stalled;
    int unrequestedBlocks;
    /** The policy asked for the connection to close: nothing more is said to it or taken from it. */
    boolean closing;

    PeerState(long id, InetSocketAddress address, boolean outgoing, Handshake handshake, Clock clock) {
        this.id = id;
        this.address = address;
        this.outgoing = outgoing;
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

    public long id() {
        return id;
    }

    public InetSocketAddress address() {
        return address;
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    public boolean fast() {
        return fast;
    }

    public boolean extensions() {
        return extensions;
    }

    public boolean v2() {
        return v2;
    }

    public boolean amChoking() {
        return amChoking;
    }

    public boolean amInterested() {
        return amInterested;
    }

    public boolean peerChoking() {
        return peerChoking;
    }

    public boolean peerInterested() {
        return peerInterested;
    }

    public boolean seed() {
        return seed;
    }

    public boolean snubbed() {
        return snubbed;
    }

    public boolean closing() {
        return closing;
    }

    public boolean has(int piece) {
        return has.get(piece);
    }

    public Set<Integer> allowedFast() {
        return Set.copyOf(allowedFast);
    }

    public String client() {
        return client;
    }

    /** Its requests to us waiting to be read and sent. */
    public int queuedRequests() {
        return served.size();
    }

    /** The next request to serve, or null; the adapter reads and sends it. */
    public PeerMessage.Request nextToServe() {
        return served.poll();
    }

    public long downloadRate() {
        return down.rate();
    }

    public long uploadRate() {
        return up.rate();
    }

    /** Its extension handshake's {@code reqq}. */
    public void setRequestQueue(int requests) {
        maxOutstanding = Math.max(1, requests);
    }

    /** The port it listens on, when its extension handshake said; 0 when not. */
    public int listenPort() {
        return listenPort;
    }

    /** Its extension handshake's {@code p}. */
    public void setListenPort(int port) {
        listenPort = port;
        listenAddress = null;
    }

    /** Its extension handshake's {@code v}. */
    public void setClient(String version) {
        client = version;
    }

    /** Something went out to it (also from the adapter's own messages): keep-alives wait longer. */
    public void sent(long now) {
        lastSent = now;
    }

    /** Where it accepts connections: its listen port if it told us, else the address it came from. */
    public InetSocketAddress listenAddress() {
        InetSocketAddress a = listenAddress;
        if (a == null) { // made once: the smart ban asks with every block
            a = outgoing || listenPort == 0 || address == null ? address
                    : new InetSocketAddress(address.getAddress(), listenPort);
            listenAddress = a;
        }
        return a;
    }

    @Override
    public String toString() {
        return "peer " + id + " " + address + (client == null ? "" : " (" + client + ")");
    }
}
