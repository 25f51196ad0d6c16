package io.lodestone.tracker;

import io.lodestone.types.InfoHash;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One announce, the same for HTTP (BEP 3) and UDP (BEP 15) trackers.
 *
 * @param infoHash   the torrent; a v2 hash is truncated to the 20 bytes trackers key swarms by
 * @param peerId     our 20-byte peer id
 * @param port       where we accept peer connections; 0 when we do not (the tracker still answers)
 * @param uploaded   bytes sent to peers since {@link Event#STARTED}
 * @param downloaded bytes received from peers since {@link Event#STARTED}
 * @param left       bytes still missing
 * @param event      what changed since the last announce
 * @param numWant    peers wanted, or {@link #DEFAULT_NUM_WANT} to let the tracker choose
 * @param key        BEP 7/15 key, a 32-bit value that proves it is us when our IP changes; null for none
 */
public record AnnounceRequest(InfoHash infoHash, byte[] peerId, int port, long uploaded, long downloaded,
                              long left, Event event, int numWant, Long key) {

    public static final int PEER_ID_LENGTH = 20;
    /** BEP 15's "default" for num_want; on HTTP the parameter is left out. */
    public static final int DEFAULT_NUM_WANT = -1;
    public static final int MAX_PORT = 0xffff;
    /** The key is 32 bits on the UDP wire, so that is all it can be. */
    public static final long MAX_KEY = 0xffff_ffffL;

    /** BEP 3 {@code event}; the UDP codes are BEP 15's. */
    public enum Event {
        NONE("", 0),
        COMPLETED("completed", 1),
        STARTED("started", 2),
        STOPPED("stopped", 3);

        private final String http;
        private final int udp;

        Event(String http, int udp) {
            this.http = http;
            this.udp = udp;
        }

        /** The {@code event} parameter, empty for {@link #NONE} (which sends none). */
        public String http() {
            return http;
        }

        public int udp() {
            return udp;
        }
    }

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(event, "event");
        infoHash = infoHash.truncated();
        if (peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("a peer id has 20 bytes, not " + peerId.length);
        }
        peerId = peerId.clone();
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("uploaded, downloaded and left cannot be negative");
        }
        if (numWant < DEFAULT_NUM_WANT) {
            throw new IllegalArgumentException("numWant must be -1 (default) or more, not " + numWant);
        }
        if (key != null && (key < 0 || key > MAX_KEY)) {
            throw new IllegalArgumentException("key must be a 32-bit unsigned value, not " + key);
        }
    }

    /** A first announce for a torrent we only want peers for: nothing transferred, everything left. */
    public static AnnounceRequest started(InfoHash infoHash, byte[] peerId, int port, long left) {
        return new AnnounceRequest(infoHash, peerId, port, 0, 0, left, Event.STARTED, DEFAULT_NUM_WANT, null);
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** The same announce with another event (the usual change between two announces). */
    public AnnounceRequest withEvent(Event e) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, e, numWant, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r && r.infoHash.equals(infoHash) && Arrays.equals(r.peerId, peerId)
                && r.port == port && r.uploaded == uploaded && r.downloaded == downloaded && r.left == left
                && r.event == event && r.numWant == numWant && Objects.equals(r.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHash, Arrays.hashCode(peerId), port, uploaded, downloaded, left, event, numWant, key);
    }

    @Override
    public String toString() {
        return "AnnounceRequest[" + infoHash + ", peerId=" + HexFormat.of().formatHex(peerId) + ", port=" + port
                + ", uploaded=" + uploaded + ", downloaded=" + downloaded + ", left=" + left + ", event=" + event
                + ", numWant=" + numWant + ", key=" + key + "]";
    }
}
