package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The .torrent's BEP 52 {@code piece layers}, outside the info dict. As in libtorrent, the dict
 * may be absent or lack layers (the hashes can still come from peers, as for a magnet), but every
 * entry present must belong to a file larger than one piece, have one hash per piece of it, and
 * hash up to its pieces root.
 */
final class PieceLayers {
    private PieceLayers() {
    }

    private static final HexFormat HEX = HexFormat.of();

    /** Verified layers keyed by pieces root in hex; {@code node} is the raw value or null. */
    static Map<String, byte[]> parse(BValue node, List<TorrentFile> files, long pieceLength) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof BDict layers)) {
            throw new MetainfoException("piece layers must be a dictionary");
        }
        // files with identical content share a root and so a layer
        Map<String, TorrentFile> needing = new HashMap<>();
        for (TorrentFile f : files) {
            if (!f.pad() && f.size() > pieceLength && f.piecesRootUnsafe() != null) {
                needing.putIfAbsent(HEX.formatHex(f.piecesRootUnsafe()), f);
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<BString, BValue> e : layers.entries().entrySet()) {
            byte[] root = e.getKey().bytes();
            String hex = HEX.formatHex(root);
            String where = root.length == MetainfoLimits.V2_HASH_LENGTH
                    ? "piece layers[" + hex + "]" : "piece layers key of " + root.length + " bytes";
            if (root.length != MetainfoLimits.V2_HASH_LENGTH) {
                throw new MetainfoException(where + " is not a 32-byte pieces root");
            }
            if (!(e.getValue() instanceof BString layer)) {
                throw new MetainfoException(where + " must be a string");
            }
            TorrentFile file = needing.get(hex);
            if (file == null) {
                throw new MetainfoException(where + " belongs to no file larger than one piece");
            }
            long pieces = (file.size() + pieceLength - 1) / pieceLength;
            if (layer.length() != pieces * MetainfoLimits.V2_HASH_LENGTH) {
                throw new MetainfoException(where + " for " + Fields.quote(file.joinedPath()) + " has "
                        + layer.length() + " bytes, expected " + pieces + " hashes of 32 bytes");
            }
            byte[] hashes = layer.bytes();
            if (!PieceLayerVerifier.verify(hashes, pieceLength, root)) {
                throw new MetainfoException(where + " for " + Fields.quote(file.joinedPath())
                        + " does not hash to its pieces root");
            }
            out.put(hex, hashes);
        }
        return out;
    }
}
