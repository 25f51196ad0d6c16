package io.lodestone.client.pex;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.bencode.BencodeException;
import io.lodestone.bencode.BencodeLimits;
import io.lodestone.types.CompactPeer;
import io.lodestone.wire.WireFormatException;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ut_pex payload (BEP 11): a bencoded dict of compact peer strings. {@code added} and
 * {@code dropped} hold 6-byte IPv4 entries, {@code added6} and {@code dropped6} 18-byte IPv6 ones;
 * {@code added.f} / {@code added6.f} give one flag byte per added peer.
 *
 * <p>Decoding is strict about form (a dict, strings of whole entries, flags matching their list)
 * and bounded in size: like libtorrent, at most {@link #MAX_ADDED} added and {@link #MAX_DROPPED}
 * dropped peers per family are kept, the excess ignored. Entries with port 0 are skipped. Unknown
 * keys are ignored. Every problem is a {@link WireFormatException}.
 */
public final class PexCodec {

    /** Added peers kept per family and message (libtorrent's ut_pex reads at most 50 too). */
    public static final int MAX_ADDED = 50;
    /** Dropped peers kept per family and message. */
    public static final int MAX_DROPPED = 50;
    /**
     * Largest payload read at all: room for senders that pack more than we keep (libtorrent
     * sends up to 100 per list); anything larger is not a PEX message.
     */
    public static final int MAX_PAYLOAD_LENGTH = 16 * 1024;
    /** A flat dict: a little depth tolerates harmless extensions. */
    static final BencodeLimits LIMITS = new BencodeLimits(4, 64, MAX_PAYLOAD_LENGTH);

    static final String ADDED = "added";
    static final String ADDED_FLAGS = "added.f";
    static final String DROPPED = "dropped";
    static final String ADDED6 = "added6";
    static final String ADDED6_FLAGS = "added6.f";
    static final String DROPPED6 = "dropped6";

    private PexCodec() {
    }

    /**
     * The payload of an extended message; all six keys are written, empty ones too, as libtorrent does.
     *
     * @throws IllegalArgumentException when a list exceeds the per-family limits
     */
    public static byte[] encode(PexMessage m) {
        List<PexPeer> added4 = new ArrayList<>();
        List<PexPeer> added6 = new ArrayList<>();
        for (PexPeer p : m.added()) {
            (PexMessage.isIpv4(p.address()) ? added4 : added6).add(p);
        }
        List<InetSocketAddress> dropped4 = new ArrayList<>();
        List<InetSocketAddress> dropped6 = new ArrayList<>();
        for (InetSocketAddress a : m.dropped()) {
            (PexMessage.isIpv4(a) ? dropped4 : dropped6).add(a);
        }
        checkLimit(added4.size(), MAX_ADDED, ADDED);
        checkLimit(added6.size(), MAX_ADDED, ADDED6);
        checkLimit(dropped4.size(), MAX_DROPPED, DROPPED);
        checkLimit(dropped6.size(), MAX_DROPPED, DROPPED6);
        BDict d = BDict.builder()
                .put(ADDED, CompactPeer.encodePeers(addresses(added4)))
                .put(ADDED_FLAGS, flags(added4))
                .put(DROPPED, CompactPeer.encodePeers(dropped4))
                .put(ADDED6, CompactPeer.encodePeers6(addresses(added6)))
                .put(ADDED6_FLAGS, flags(added6))
                .put(DROPPED6, CompactPeer.encodePeers6(dropped6))
                .build();
        return BencodeEncoder.encode(d);
    }

    /** Decodes an extended message payload (without the extended id). */
    public static PexMessage decode(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new WireFormatException("ut_pex message of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_LENGTH);
        }
        BValue v;
        try {
            v = new BencodeDecoder(LIMITS).decode(payload);
        } catch (BencodeException e) {
            throw new WireFormatException("ut_pex message is not valid bencode: " + e.getMessage());
        }
        if (!(v instanceof BDict d)) {
            throw new WireFormatException("ut_pex message is not a dictionary");
        }
        List<PexPeer> added = new ArrayList<>();
        added(d, ADDED, ADDED_FLAGS, CompactPeer.IPV4_LENGTH, added);
        added(d, ADDED6, ADDED6_FLAGS, CompactPeer.IPV6_LENGTH, added);
        List<InetSocketAddress> dropped = new ArrayList<>();
        dropped(d, DROPPED, CompactPeer.IPV4_LENGTH, dropped);
        dropped(d, DROPPED6, CompactPeer.IPV6_LENGTH, dropped);
        return new PexMessage(added, dropped);
    }

    private static void added(BDict d, String key, String flagsKey, int entry, List<PexPeer> out) {
        byte[] peers = string(d, key);
        byte[] flags = string(d, flagsKey);
        int count = entries(peers, entry, key);
        if (flags != null && peers != null && flags.length != count) {
            throw new WireFormatException("ut_pex '" + flagsKey + "' has " + flags.length + " bytes for " + count
                    + " peers");
        }
        if (flags != null && peers == null && flags.length != 0) {
            throw new WireFormatException("ut_pex '" + flagsKey + "' without '" + key + "'");
        }
        int kept = 0;
        for (int i = 0; i < count && kept < MAX_ADDED; i++) {
            InetSocketAddress a = peer(peers, i, entry);
            if (a != null) {
                out.add(new PexPeer(a, flags == null ? 0 : flags[i] & 0xff));
                kept++;
            }
        }
    }

    private static void dropped(BDict d, String key, int entry, List<InetSocketAddress> out) {
        byte[] peers = string(d, key);
        int count = entries(peers, entry, key);
        int kept = 0;
        for (int i = 0; i < count && kept < MAX_DROPPED; i++) {
            InetSocketAddress a = peer(peers, i, entry);
            if (a != null) {
                out.add(a);
                kept++;
            }
        }
    }

    private static byte[] string(BDict d, String key) {
        BValue v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof BString s)) {
            throw new WireFormatException("ut_pex '" + key + "' is not a string");
        }
        return s.bytes();
    }

    private static int entries(byte[] peers, int entry, String key) {
        if (peers == null) {
            return 0;
        }
        if (peers.length % entry != 0) {
            throw new WireFormatException("ut_pex '" + key + "' is " + peers.length + " bytes, not a multiple of "
                    + entry);
        }
        return peers.length / entry;
    }

    /** The i-th entry, or null for port 0 (nobody to connect to). */
    private static InetSocketAddress peer(byte[] peers, int i, int entry) {
        int port = ((peers[i * entry + entry - 2] & 0xff) << 8) | (peers[i * entry + entry - 1] & 0xff);
        if (port == 0) {
            return null;
        }
        return CompactPeer.decode(Arrays.copyOfRange(peers, i * entry, (i + 1) * entry));
    }

    private static List<InetSocketAddress> addresses(List<PexPeer> peers) {
        List<InetSocketAddress> out = new ArrayList<>(peers.size());
        for (PexPeer p : peers) {
            out.add(p.address());
        }
        return out;
    }

    private static byte[] flags(List<PexPeer> peers) {
        byte[] out = new byte[peers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) peers.get(i).flags();
        }
        return out;
    }

    private static void checkLimit(int n, int limit, String key) {
        if (n > limit) {
            throw new IllegalArgumentException("ut_pex '" + key + "' may hold " + limit + " peers, not " + n);
        }
    }
}
