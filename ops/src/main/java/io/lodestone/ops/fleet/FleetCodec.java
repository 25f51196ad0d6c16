package io.lodestone.ops.fleet;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.index.content.BlockRule;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The fleet's record formats, bytes in and out; every decoder checks lengths and throws
 * {@link IllegalArgumentException} on anything malformed (the caller drops the record).
 *
 * <ul>
 *   <li>catalog: key the 20-byte info-hash; value version 1, first seen and resolved (epoch ms),
 *       seen count, sources, then the info dict exactly as verified</li>
 *   <li>harvest: key the 20-byte info-hash; value version 1, source, then an optional peer and
 *       an optional holder (each: address length 4 or 16, address, port; length 0 for none)</li>
 *   <li>blocks: key {@code kind:value}; value the adder's name, UTF-8</li>
 * </ul>
 */
public final class FleetCodec {

    static final byte VERSION = 1;
    /** Largest info dict the catalog carries; the resolver refuses bigger ones long before. */
    public static final int MAX_INFO_DICT = 16 << 20;
    static final int CATALOG_HEADER = 1 + 8 + 8 + 8 + 4;
    static final int MAX_BLOCK_KEY = 4_096;

    private FleetCodec() {
    }

    public static byte[] hashKey(InfoHash h) {
        if (h.bytes().length != InfoHash.V1_LENGTH) {
            throw new IllegalArgumentException("fleet keys are 20-byte hashes");
        }
        return h.bytes();
    }

    public static InfoHash decodeHashKey(byte[] key) {
        if (key == null || key.length != InfoHash.V1_LENGTH) {
            throw new IllegalArgumentException("a fleet key is 20 bytes");
        }
        return InfoHash.v1(key);
    }

    public static byte[] encodeCatalog(ResolvedTorrent t) {
        byte[] info = t.infoDict();
        return ByteBuffer.allocate(CATALOG_HEADER + info.length).put(VERSION)
                .putLong(t.firstSeen().toEpochMilli()).putLong(t.resolvedAt().toEpochMilli())
                .putLong(t.seenCount()).putInt(t.sources()).put(info).array();
    }

    public static ResolvedTorrent decodeCatalog(byte[] key, byte[] value) {
        InfoHash h = decodeHashKey(key);
        if (value == null || value.length <= CATALOG_HEADER || value.length > CATALOG_HEADER + MAX_INFO_DICT) {
            throw new IllegalArgumentException("catalog value of a bad length");
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.get() != VERSION) {
            throw new IllegalArgumentException("unknown catalog record version");
        }
        long first = b.getLong();
        long resolved = b.getLong();
        long seen = b.getLong();
        int sources = b.getInt();
        if (seen < 0 || first < 0 || resolved < 0) {
            throw new IllegalArgumentException("negative field in a catalog record");
        }
        byte[] info = new byte[b.remaining()];
        b.get(info);
        return new ResolvedTorrent(h, info, Instant.ofEpochMilli(first), Instant.ofEpochMilli(resolved), seen, sources);
    }

    public static byte[] encodeHarvest(HarvestSource source, InetSocketAddress peer, InetSocketAddress holder) {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 * 19);
        b.put(VERSION).put((byte) source.ordinal());
        putAddress(b, peer);
        putAddress(b, holder);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** The harvest the record describes, stamped with {@code nanos} on the receiver's clock. */
    public static Harvest decodeHarvest(byte[] key, byte[] value, long nanos) {
        InfoHash h = decodeHashKey(key);
        if (value == null || value.length < 4 || value.length > 2 + 2 * 19) {
            throw new IllegalArgumentException("harvest value of a bad length");
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.get() != VERSION) {
            throw new IllegalArgumentException("unknown harvest record version");
        }
        int s = b.get();
        HarvestSource[] all = HarvestSource.values();
        if (s < 0 || s >= all.length) {
            throw new IllegalArgumentException("unknown harvest source " + s);
        }
        InetSocketAddress peer = getAddress(b);
        InetSocketAddress holder = getAddress(b);
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in a harvest record");
        }
        return new Harvest(h, all[s], peer, nanos, holder); // its constructor refuses a mismatched peer or holder
    }

    private static void putAddress(ByteBuffer b, InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            b.put((byte) 0);
            return;
        }
        byte[] ip = a.getAddress().getAddress();
        b.put((byte) ip.length).put(ip).putShort((short) a.getPort());
    }

    private static InetSocketAddress getAddress(ByteBuffer b) {
        if (!b.hasRemaining()) {
            throw new IllegalArgumentException("truncated harvest record");
        }
        int len = b.get();
        if (len == 0) {
            return null;
        }
        if ((len != 4 && len != 16) || b.remaining() < len + 2) {
            throw new IllegalArgumentException("bad address in a harvest record");
        }
        byte[] ip = new byte[len];
        b.get(ip);
        int port = Short.toUnsignedInt(b.getShort());
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in a harvest record");
        }
    }

    public static byte[] blockKey(BlockRule.Kind kind, String value) {
        return (kind.label() + ":" + value).getBytes(StandardCharsets.UTF_8);
    }

    /** A block record's key split back into its kind and value. */
    public record BlockKey(BlockRule.Kind kind, String value) {
    }

    public static BlockKey decodeBlockKey(byte[] key) {
        if (key == null || key.length > MAX_BLOCK_KEY) {
            throw new IllegalArgumentException("block key missing or too long");
        }
        String s = new String(key, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("block key is not kind:value");
        }
        BlockRule.Kind kind;
        try {
            kind = BlockRule.Kind.valueOf(s.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown block kind");
        }
        return new BlockKey(kind, s.substring(colon + 1));
    }

    public static String decodeBy(byte[] value) {
        if (value.length > MAX_BLOCK_KEY) {
            throw new IllegalArgumentException("block value too long");
        }
        String by = new String(value, StandardCharsets.UTF_8).strip();
        return by.isEmpty() ? "fleet" : by;
    }
}
