package io.lodestone.wire;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.bencode.BencodeLimits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The BEP 10 extension handshake: the bencoded dict in an {@link PeerMessage.Extended} message
 * with id 0. Nullable components are keys the peer left out.
 *
 * <p>Decoding is strict bencode, keys sorted: libtorrent, Transmission and aria2 all write sorted
 * dicts, and a peer that does not gets a {@link WireFormatException} saying "dictionary keys not
 * sorted", so any such client shows up plainly in the logs instead of being half understood. What
 * the handshake is for must be right or the handshake is rejected: {@code m} must be a dict and
 * {@code metadata_size} an integer in 1..the limit. Hints lose only their bad part, as libtorrent
 * reads them: an {@code m} entry that is not an id in 0..255 or whose name is not UTF-8 (no
 * extension we speak has one; BEP 10's own example has {@code µT_PEX} in Latin-1) is dropped as if
 * not offered, and a {@code p}, {@code reqq} or {@code yourip} of the wrong type or range reads as
 * absent. {@code v} is decoded as UTF-8, malformed bytes becoming U+FFFD. Every other key is kept
 * in {@link #extra()} and written back out.
 *
 * @param messages     {@code m}: extension name to the id the peer wants it sent with; 0 disables
 * @param metadataSize {@code metadata_size} (BEP 9): bytes of the info dict
 * @param clientVersion {@code v}: client name and version
 * @param requestQueue {@code reqq}: requests the peer queues without dropping any
 * @param yourIp       {@code yourip}: our address as the peer sees it
 * @param listenPort   {@code p}: the peer's TCP listen port
 * @param extra        every other key, as received
 */
public record ExtensionHandshake(Map<String, Integer> messages, Long metadataSize, String clientVersion,
                                 Integer requestQueue, InetAddress yourIp, Integer listenPort, BDict extra) {

    public static final String UT_METADATA = "ut_metadata";
    public static final String UT_PEX = "ut_pex";
    public static final String UT_HOLEPUNCH = "ut_holepunch";
    /** Real handshakes are a few hundred bytes; this bounds the work a hostile one can cause. */
    public static final int MAX_PAYLOAD_LENGTH = 64 * 1024;
    static final BencodeLimits LIMITS = new BencodeLimits(32, 10_000, MAX_PAYLOAD_LENGTH);
    static final int MAX_EXTENSION_ID = 0xFF;
    private static final Set<String> KNOWN_KEYS = Set.of("m", "metadata_size", "v", "reqq", "yourip", "p");

    public ExtensionHandshake {
        TreeMap<String, Integer> m = new TreeMap<>();
        Objects.requireNonNull(messages, "messages").forEach((name, id) -> {
            Objects.requireNonNull(name, "extension name");
            if (id == null || id < 0 || id > MAX_EXTENSION_ID) {
                throw new WireFormatException("extension " + name + " has id " + id + ", not 0..255");
            }
            m.put(name, id);
        });
        messages = Collections.unmodifiableSortedMap(m);
        if (metadataSize != null && metadataSize < 1) {
            throw new WireFormatException("metadata_size " + metadataSize + " is not positive");
        }
        if (requestQueue != null && requestQueue < 1) {
            throw new WireFormatException("reqq " + requestQueue + " is not positive");
        }
        if (listenPort != null && (listenPort < 1 || listenPort > 0xFFFF)) {
            throw new WireFormatException("listen port " + listenPort + " outside 1..65535");
        }
        extra = extra == null ? BDict.empty() : extra;
        for (BString key : extra.entries().keySet()) {
            if (KNOWN_KEYS.contains(key.utf8())) {
                throw new WireFormatException("extra must not hold the known key " + key);
            }
        }
    }

    /** A handshake offering these extensions and nothing else. */
    public static ExtensionHandshake of(Map<String, Integer> messages) {
        return new ExtensionHandshake(messages, null, null, null, null, null, null);
    }

    /** The id to send extension {@code name} with, or 0 when the peer does not offer it. */
    public int extensionId(String name) {
        return messages.getOrDefault(name, 0);
    }

    public boolean supports(String name) {
        return extensionId(name) != 0;
    }

    /** The dict, canonical bencode. */
    public byte[] encode() {
        BDict.Builder b = BDict.builder().putAll(extra.entries());
        BDict.Builder m = BDict.builder();
        messages.forEach((name, id) -> m.put(name, id));
        b.put("m", m.build());
        if (metadataSize != null) {
            b.put("metadata_size", metadataSize);
        }
        if (clientVersion != null) {
            b.put("v", clientVersion);
        }
        if (requestQueue != null) {
            b.put("reqq", requestQueue);
        }
        if (yourIp != null) {
            b.put("yourip", yourIp.getAddress());
        }
        if (listenPort != null) {
            b.put("p", listenPort);
        }
        return BencodeEncoder.encode(b.build());
    }

    /** As the extended message (id 0) that carries it. */
    public PeerMessage.Extended toMessage() {
        return new PeerMessage.Extended(0, encode());
    }

    /** With the default {@link MetadataMessage#DEFAULT_MAX_METADATA_SIZE}. */
    public static ExtensionHandshake decode(byte[] payload) {
        return decode(payload, MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
    }

    /**
     * The payload of an extended message with id 0; {@code metadata_size} may not exceed the limit.
     * A caller that wants to refuse a large size with its own reason passes {@link Long#MAX_VALUE}
     * and checks {@link #metadataSize()} itself: the size is only a number here, nothing is
     * allocated for it.
     */
    public static ExtensionHandshake decode(byte[] payload, long maxMetadataSize) {
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new WireFormatException("extension handshake of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_LENGTH);
        }
        BDict d = WireBencode.decodeDict(payload, LIMITS, "extension handshake");
        return new ExtensionHandshake(messages(d.get("m")), metadataSize(d.get("metadata_size"), maxMetadataSize),
                d.get("v") instanceof BString v ? v.utf8() : null,
                positiveInt(d.get("reqq"), Integer.MAX_VALUE),
                address(d.get("yourip")),
                positiveInt(d.get("p"), 0xFFFF),
                extra(d));
    }

    private static Map<String, Integer> messages(BValue value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof BDict m)) {
            throw new WireFormatException("extension handshake key 'm' is not a dictionary");
        }
        Map<String, Integer> out = new TreeMap<>();
        for (Map.Entry<BString, BValue> e : m.entries().entrySet()) {
            if (e.getKey().isValidUtf8() && e.getValue() instanceof BInt id
                    && id.value() >= 0 && id.value() <= MAX_EXTENSION_ID) {
                out.put(e.getKey().utf8(), (int) id.value());
            }
        }
        return out;
    }

    private static Long metadataSize(BValue value, long max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof BInt size)) {
            throw new WireFormatException("metadata_size is not an integer");
        }
        if (size.value() < 1) {
            throw new WireFormatException("metadata_size " + size.value() + " is not positive");
        }
        if (size.value() > max) {
            throw new WireFormatException("metadata_size " + size.value() + " exceeds the limit of " + max);
        }
        return size.value();
    }

    private static Integer positiveInt(BValue value, int max) {
        return value instanceof BInt i && i.value() >= 1 && i.value() <= max ? (int) i.value() : null;
    }

    /** 4 or 16 bytes; a 16-byte IPv4-mapped address stays IPv6, so it re-encodes the same. */
    private static InetAddress address(BValue value) {
        if (!(value instanceof BString s) || (s.length() != 4 && s.length() != 16)) {
            return null;
        }
        try {
            return s.length() == 4 ? InetAddress.getByAddress(s.bytes()) : Inet6Address.getByAddress(null, s.bytes(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static BDict extra(BDict d) {
        SortedMap<BString, BValue> rest = new TreeMap<>(d.entries());
        KNOWN_KEYS.forEach(k -> rest.remove(BString.of(k)));
        return BDict.builder().putAll(rest).build();
    }

    @Override
    public String toString() {
        return "ExtensionHandshake[m=" + messages + ", metadata_size=" + metadataSize + ", v=" + clientVersion
                + ", reqq=" + requestQueue + ", yourip=" + (yourIp == null ? null : yourIp.getHostAddress())
                + ", p=" + listenPort + ", extra=" + extra.entries().keySet() + "]";
    }
}
