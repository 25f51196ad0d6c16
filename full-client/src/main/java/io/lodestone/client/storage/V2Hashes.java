package io.lodestone.client.storage;

import io.lodestone.metainfo.MerkleTree;
import io.lodestone.metainfo.Metainfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a v2 piece must hash to (BEP 52). A file of at most one piece is checked against its pieces
 * root directly; a longer file needs its piece layer, from the .torrent or, for a magnet, added
 * later from peers' hash responses through {@link #addLayer}, which accepts only a layer that
 * hashes up to the root.
 */
final class V2Hashes {

    private static final HexFormat HEX = HexFormat.of();

    /** Where a piece sits in its v2 file, and how its subtree is padded. */
    record Target(StoredFile file, int pieceInFile, int leafWidth, byte[] expected) {
    }

    private final long pieceLength;
    /** Non-empty v2 files in piece-space order. */
    private final List<StoredFile> files;
    private final Map<String, byte[]> layers = new ConcurrentHashMap<>();

    V2Hashes(Metainfo m, List<StoredFile> stored) {
        this.pieceLength = m.pieceLength();
        List<StoredFile> v2 = new ArrayList<>();
        for (StoredFile f : stored) {
            if (!f.pad() && f.size() > 0) {
                if (f.piecesRoot() == null) {
                    throw new IllegalArgumentException("v2 file " + String.join("/", f.path()) + " has no pieces root");
                }
                if (f.offset() % pieceLength != 0) {
                    throw new IllegalArgumentException("v2 file " + String.join("/", f.path()) + " does not start a piece");
                }
                v2.add(f);
            }
        }
        this.files = List.copyOf(v2);
        for (StoredFile f : files) {
            byte[] layer = m.pieceLayer(f.piecesRoot());
            if (layer != null) {
                layers.put(HEX.formatHex(f.piecesRoot()), layer); // the parser checked it against the root
            }
        }
    }

    /** The file a piece belongs to, with what it must hash to; the expected hash is null when its layer is missing. */
    Target target(int piece) {
        long start = piece * pieceLength;
        int lo = 0;
        int hi = files.size() - 1;
        StoredFile found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (files.get(mid).offset() <= start) {
                found = files.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found == null || found.end() <= start) {
            throw new IllegalStateException("piece " + piece + " lies in no v2 file");
        }
        int inFile = (int) ((start - found.offset()) / pieceLength);
        int blocksPerPiece = (int) (pieceLength / MerkleTree.BLOCK_SIZE);
        if (found.size() <= pieceLength) {
            int leaves = (int) TorrentLayout.ceilDiv(found.size(), MerkleTree.BLOCK_SIZE);
            return new Target(found, 0, (int) MerkleTree.nextPowerOfTwo(leaves), found.piecesRoot());
        }
        byte[] layer = layers.get(HEX.formatHex(found.piecesRoot()));
        byte[] expected = layer == null ? null
                : Arrays.copyOfRange(layer, inFile * MerkleTree.HASH_LENGTH, (inFile + 1) * MerkleTree.HASH_LENGTH);
        return new Target(found, inFile, blocksPerPiece, expected);
    }

    /** Roots of files longer than one piece whose layer is still unknown. */
    List<byte[]> missingLayers() {
        List<byte[]> out = new ArrayList<>();
        for (StoredFile f : files) {
            if (f.size() > pieceLength && !layers.containsKey(HEX.formatHex(f.piecesRoot()))) {
                out.add(f.piecesRoot());
            }
        }
        return out;
    }

    /** Adds a piece layer if it belongs to a file here and hashes up to that file's root. */
    boolean addLayer(byte[] piecesRoot, byte[] layer) {
        for (StoredFile f : files) {
            if (Arrays.equals(f.piecesRoot(), piecesRoot) && f.size() > pieceLength) {
                long pieces = TorrentLayout.ceilDiv(f.size(), pieceLength);
                if (layer.length != pieces * MerkleTree.HASH_LENGTH) {
                    return false;
                }
                List<byte[]> hashes = new ArrayList<>((int) pieces);
                for (int i = 0; i < pieces; i++) {
                    hashes.add(Arrays.copyOfRange(layer, i * MerkleTree.HASH_LENGTH, (i + 1) * MerkleTree.HASH_LENGTH));
                }
                int height = MerkleTree.log2(pieceLength / MerkleTree.BLOCK_SIZE);
                byte[] root = MerkleTree.root(hashes, height, MerkleTree.nextPowerOfTwo(pieces));
                if (!Arrays.equals(root, piecesRoot)) {
                    return false;
                }
                layers.put(HEX.formatHex(piecesRoot), layer.clone());
                return true;
            }
        }
        return false;
    }
}
