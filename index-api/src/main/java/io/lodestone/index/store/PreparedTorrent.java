package io.lodestone.index.store;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.types.InfoHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A resolved torrent checked and decoded, ready for a write transaction: parsing happens before
 * the transaction so the single writer holds it only for the copying.
 *
 * @param key       the canonical key: the v1 hash, or the truncated v2 hash of a v2-only torrent
 * @param harvested the hash the crawler knew it by, whose pending entry goes away
 * @param aliases   the other hashes it answers to (truncated and full v2), each mapped to the key
 * @param torrent   the mutable part, with sequence 0 until the store assigns one
 */
public record PreparedTorrent(byte[] key, byte[] harvested, List<byte[]> aliases, byte[] infoDict,
                              StoredTorrent torrent) {
    /** Info dicts beyond this are refused: BEP 9 peers have no reason to send more. */
    public static final int MAX_INFO_DICT_BYTES = 32 << 20;

    public PreparedTorrent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(harvested, "harvested");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(infoDict, "infoDict");
        Objects.requireNonNull(torrent, "torrent");
    }

    /**
     * Parses and checks a resolved torrent: its info dict must decode and hash to the hash it was
     * harvested under. Throws {@link IllegalArgumentException} (or the parser's
     * {@link io.lodestone.metainfo.MetainfoException}) with the reason otherwise.
     */
    public static PreparedTorrent of(ResolvedTorrent r) {
        byte[] info = r.infoDict();
        if (info.length > MAX_INFO_DICT_BYTES) {
            throw new IllegalArgumentException("info dict of " + info.length + " bytes is over the limit");
        }
        Metainfo m = MetainfoParser.parseInfo(info);
        InfoHash key = m.dhtInfoHash();
        InfoHash harvested = r.infoHash();
        boolean matches = harvested.equals(key) || harvested.equals(m.infoHashV1())
                || (m.infoHashV2() != null && (harvested.equals(m.infoHashV2())
                || harvested.equals(m.infoHashV2().truncated())));
        if (!matches) {
            throw new IllegalArgumentException("info dict does not hash to " + harvested.hex());
        }
        List<byte[]> aliases = aliasesOf(m);
        int shownFiles = m.summary().files().size();
        StoredTorrent t = new StoredTorrent(0, r.firstSeen(), r.resolvedAt(), r.seenCount(), r.sources(),
                m.totalSize(), shownFiles, m.name());
        return new PreparedTorrent(key.bytes(), harvested.bytes(), aliases, info, t);
    }

    /** The hashes besides the key that a stored info dict answers to; none when it does not parse. */
    public static List<byte[]> aliasesOf(byte[] infoDict) {
        try {
            return aliasesOf(MetainfoParser.parseInfo(infoDict));
        } catch (io.lodestone.metainfo.MetainfoException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static List<byte[]> aliasesOf(Metainfo m) {
        List<byte[]> aliases = new ArrayList<>(2);
        if (m.infoHashV2() != null) {
            aliases.add(m.infoHashV2().bytes());
            if (m.infoHashV1() != null) {
                aliases.add(m.infoHashV2().truncated().bytes());
            }
        }
        return aliases;
    }
}
