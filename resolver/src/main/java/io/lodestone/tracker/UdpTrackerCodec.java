package io.lodestone.tracker;

import io.lodestone.types.CompactPeer;
import io.lodestone.types.InfoHash;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * BEP 15 packets as bytes, no I/O. Requests are built exactly as the BEP lays them out; answers
 * are checked for length, action and transaction id before anything is read from them, and an
 * error packet (action 3) for our transaction becomes a REFUSED {@link TrackerException}. Parsing
 * throws only {@link TrackerException}.
 */
public final class UdpTrackerCodec {

    /** The magic constant of a connect request. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int ACTION_CONNECT = 0;
    public static final int ACTION_ANNOUNCE = 1;
    public static final int ACTION_SCRAPE = 2;
    public static final int ACTION_ERROR = 3;

    public static final int CONNECT_REQUEST_LENGTH = 16;
    public static final int CONNECT_RESPONSE_LENGTH = 16;
    public static final int ANNOUNCE_REQUEST_LENGTH = 98;
    /** action, transaction id, interval, leechers, seeders; then the peers. */
    public static final int ANNOUNCE_RESPONSE_HEADER = 20;
    /** action and transaction id: all every answer has. */
    public static final int RESPONSE_HEADER = 8;
    public static final int SCRAPE_REQUEST_HEADER = 16;
    /** seeders, completed, leechers. */
    public static final int SCRAPE_ENTRY = 12;
    /** BEP 15: "up to about 74 torrents can be scraped at once", 16 + 74 * 20 bytes. */
    public static final int MAX_SCRAPE_HASHES = 74;
    /** A UDP payload cannot be larger; anything claiming more is not a datagram we read. */
    public static final int MAX_PACKET = 65_507;

    private final int maxPeers;

    public UdpTrackerCodec(TrackerConfig config) {
        this.maxPeers = config.maxPeers();
    }

    // ------------------------------------------------------------------ requests

    public static byte[] connectRequest(int transactionId) {
        return ByteBuffer.allocate(CONNECT_REQUEST_LENGTH)
                .putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(transactionId).array();
    }

    /** The 98-byte announce; IP 0 (the tracker uses the sender's), key 0 when there is none. */
    public static byte[] announceRequest(long connectionId, int transactionId, AnnounceRequest r) {
        ByteBuffer b = ByteBuffer.allocate(ANNOUNCE_REQUEST_LENGTH)
                .putLong(connectionId).putInt(ACTION_ANNOUNCE).putInt(transactionId)
                .put(r.infoHash().bytes()).put(r.peerId())
                .putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded())
                .putInt(r.event().udp())
                .putInt(0)
                .putInt(r.key() == null ? 0 : (int) (long) r.key())
                .putInt(r.numWant())
                .putShort((short) r.port());
        return b.array();
    }

    public static byte[] scrapeRequest(long connectionId, int transactionId, List<InfoHash> infoHashes) {
        if (infoHashes.isEmpty() || infoHashes.size() > MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("scrape 1.." + MAX_SCRAPE_HASHES + " torrents, not " + infoHashes.size());
        }
        ByteBuffer b = ByteBuffer.allocate(SCRAPE_REQUEST_HEADER + infoHashes.size() * InfoHash.V1_LENGTH)
                .putLong(connectionId).putInt(ACTION_SCRAPE).putInt(transactionId);
        for (InfoHash h : infoHashes) {
            b.put(h.truncated().bytes());
        }
        return b.array();
    }

    // ------------------------------------------------------------------ answers

    /** The connection id from a connect answer. */
    public static long parseConnect(byte[] packet, int transactionId) {
        ByteBuffer b = answer(packet, transactionId, ACTION_CONNECT, CONNECT_RESPONSE_LENGTH);
        return b.getLong();
    }

    /**
     * An announce answer. Peers come in 6-byte entries from a tracker we reached over IPv4 and in
     * 18-byte entries over IPv6 (BEP 15), so the caller says which.
     */
    public AnnounceResponse parseAnnounce(byte[] packet, int transactionId, boolean ipv6) {
        ByteBuffer b = answer(packet, transactionId, ACTION_ANNOUNCE, RESPONSE_HEADER);
        if (packet.length == RESPONSE_HEADER) {
            // opentracker's answer for a torrent off its whitelist: the header and nothing else
            throw new TrackerException(TrackerException.Kind.REFUSED, "announce answered with a bare header"
                    + " (the torrent is not tracked there)");
        }
        if (packet.length < ANNOUNCE_RESPONSE_HEADER) {
            throw malformed("action 1 answer of " + packet.length + " bytes, less than " + ANNOUNCE_RESPONSE_HEADER);
        }
        long interval = Integer.toUnsignedLong(b.getInt());
        long leechers = Integer.toUnsignedLong(b.getInt());
        long seeders = Integer.toUnsignedLong(b.getInt());
        if (interval > Integer.MAX_VALUE) {
            throw malformed("interval out of range: " + interval);
        }
        List<InetSocketAddress> peers = new ArrayList<>();
        int address = ipv6 ? CompactPeer.IPV6_ADDRESS : CompactPeer.IPV4_ADDRESS;
        PeerLists.addCompact(packet, ANNOUNCE_RESPONSE_HEADER, packet.length - ANNOUNCE_RESPONSE_HEADER, address,
                ipv6 ? "peers6" : "peers", peers, maxPeers);
        return new AnnounceResponse((int) interval, null, peers, count(seeders), count(leechers), null, null);
    }

    /** Scrape counts, matched in order to the torrents asked for; a tracker may answer fewer. */
    public static Map<InfoHash, ScrapeStats> parseScrape(byte[] packet, int transactionId, List<InfoHash> asked) {
        ByteBuffer b = answer(packet, transactionId, ACTION_SCRAPE, RESPONSE_HEADER);
        int body = packet.length - RESPONSE_HEADER;
        if (body % SCRAPE_ENTRY != 0 || body / SCRAPE_ENTRY > asked.size()) {
            throw malformed("scrape answer of " + packet.length + " bytes for " + asked.size() + " torrents");
        }
        Map<InfoHash, ScrapeStats> out = new LinkedHashMap<>();
        for (int i = 0; i < body / SCRAPE_ENTRY; i++) {
            long seeders = Integer.toUnsignedLong(b.getInt());
            long completed = Integer.toUnsignedLong(b.getInt());
            long leechers = Integer.toUnsignedLong(b.getInt());
            if (seeders > Integer.MAX_VALUE || completed > Integer.MAX_VALUE || leechers > Integer.MAX_VALUE) {
                throw malformed("scrape count out of range");
            }
            out.put(asked.get(i).truncated(), new ScrapeStats((int) seeders, (int) completed, (int) leechers));
        }
        return out;
    }

    /** The transaction id of any answer, or empty when it is too short to have one. */
    public static OptionalInt transactionId(byte[] packet) {
        return packet.length < RESPONSE_HEADER ? OptionalInt.empty() : OptionalInt.of(ByteBuffer.wrap(packet).getInt(4));
    }

    /**
     * Checks length, transaction id and action, and returns a buffer positioned after the
     * 8-byte header. An error packet for our transaction throws REFUSED with its message.
     */
    private static ByteBuffer answer(byte[] packet, int transactionId, int action, int minLength) {
        if (packet.length < RESPONSE_HEADER || packet.length > MAX_PACKET) {
            throw malformed("answer of " + packet.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        int gotAction = b.getInt();
        int gotTransaction = b.getInt();
        if (gotTransaction != transactionId) {
            throw malformed("transaction id " + hex(gotTransaction) + " where " + hex(transactionId) + " was sent");
        }
        if (gotAction == ACTION_ERROR) {
            throw new TrackerException(TrackerException.Kind.REFUSED, "error: "
                    + TrackerText.fromTracker(packet, RESPONSE_HEADER, packet.length - RESPONSE_HEADER));
        }
        if (gotAction != action) {
            throw malformed("action " + Integer.toUnsignedString(gotAction) + " in answer to action " + action);
        }
        if (packet.length < minLength) {
            throw malformed("action " + action + " answer of " + packet.length + " bytes, less than " + minLength);
        }
        return b;
    }

    /** Swarm counts are informational: one beyond an int is left out, not an error. */
    private static Integer count(long v) {
        return v <= Integer.MAX_VALUE ? (int) v : null;
    }

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static TrackerException malformed(String reason) {
        return new TrackerException(TrackerException.Kind.MALFORMED, reason);
    }
}
