package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.bencode.BencodeException;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads .torrent files (BEP 3, BEP 52 and hybrids) and bare info dicts (as ut_metadata delivers
 * them). Strict bencode; every problem, whatever the bytes, is a {@link MetainfoException}.
 */
public final class MetainfoParser {
    private MetainfoParser() {
    }

    /** A whole .torrent file: info dict, piece layers, trackers, web seeds and descriptive keys. */
    public static Metainfo parseTorrent(byte[] torrentFileBytes) {
        BDict torrent = decodeDict(torrentFileBytes, "the torrent");
        try {
            BDict info = Fields.required(torrent, "info", BDict.class, "");
            InfoParser.Info i = InfoParser.parse(info);
            // v1 torrents have no use for piece layers; libtorrent ignores the key there too
            Map<String, byte[]> layers = i.version().hasV2()
                    ? PieceLayers.parse(torrent.get("piece layers"), i.files(), i.pieceLength())
                    : Map.of();
            return new Metainfo(i.infoBytes(), i.infoHashV1(), i.infoHashV2(), i.name(), i.pieceLength(),
                    i.pieceCount(), i.isPrivate(), i.version(), i.files(), TorrentExtras.trackers(torrent),
                    TorrentExtras.webSeeds(torrent), layers, i.v1Pieces(), Fields.text(torrent, "comment", ""),
                    Fields.text(torrent, "created by", ""), TorrentExtras.creationDate(torrent));
        } catch (BencodeException e) {
            throw new MetainfoException(Fields.oneLine(e.getMessage()), e);
        }
    }

    /** A bare info dict: no trackers, no piece layers; its hashes are over exactly these bytes. */
    public static Metainfo parseInfo(byte[] infoDictBytes) {
        BDict info = decodeDict(infoDictBytes, "the info dict");
        try {
            InfoParser.Info i = InfoParser.parse(info);
            return new Metainfo(i.infoBytes(), i.infoHashV1(), i.infoHashV2(), i.name(), i.pieceLength(),
                    i.pieceCount(), i.isPrivate(), i.version(), i.files(), List.of(), List.of(), Map.of(),
                    i.v1Pieces(), null, null, null);
        } catch (BencodeException e) {
            throw new MetainfoException(Fields.oneLine(e.getMessage()), e);
        }
    }

    private static BDict decodeDict(byte[] bytes, String what) {
        Objects.requireNonNull(bytes, "bytes");
        BValue v;
        try {
            v = BencodeDecoder.strict().decode(bytes);
        } catch (BencodeException e) {
            throw new MetainfoException(what + " is not valid bencode: " + Fields.oneLine(e.getMessage()), e);
        }
        if (!(v instanceof BDict d)) {
            throw new MetainfoException(what + " is not a bencoded dictionary");
        }
        return d;
    }
}
