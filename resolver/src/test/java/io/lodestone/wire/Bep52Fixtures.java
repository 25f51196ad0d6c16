package io.lodestone.wire;

import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.MerkleTree;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.metainfo.TorrentFile;
import io.lodestone.wire.HashMessage.HashRequest;
import io.lodestone.wire.HashMessage.Hashes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real v2 torrents for the BEP 52 hash tests: files of random content written to a temp directory,
 * made into a torrent by {@link TorrentCreator} and parsed back, plus a whole merkle tree of each
 * file built here leaf by leaf, the test's own peer that answers hash requests.
 */
final class Bep52Fixtures {
    private Bep52Fixtures() {
    }

    /** One file of a created torrent: its bytes, what the .torrent says, and the full tree. */
    record V2File(String name, byte[] data, byte[] piecesRoot, byte[] pieceLayer, int pieceLength, FullTree tree) {
        long length() {
            return data.length;
        }
    }

    /**
     * Writes files of {@code sizes} bytes under {@code dir}, makes a v2 torrent with
     * {@code pieceLength} and returns its files, in torrent order, with their parsed roots and layers.
     */
    static List<V2File> torrent(Path dir, Random r, int pieceLength, long... sizes) throws IOException {
        Path content = Files.createDirectories(dir.resolve("content-" + pieceLength + "-" + r.nextInt(1 << 30)));
        Map<String, byte[]> data = new LinkedHashMap<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = new byte[(int) sizes[i]];
            r.nextBytes(b);
            String name = String.format("f%02d.bin", i);
            Files.write(content.resolve(name), b);
            data.put(name, b);
        }
        byte[] torrent = TorrentCreator.create(content,
                CreateOptions.defaults().withFormat(CreateOptions.Format.V2).withPieceLength(pieceLength));
        Metainfo meta = MetainfoParser.parseTorrent(torrent);
        List<V2File> out = new ArrayList<>();
        for (TorrentFile f : meta.files()) {
            String name = f.path().getLast();
            byte[] bytes = data.get(name);
            byte[] layer = meta.pieceLayer(f.piecesRoot());
            out.add(new V2File(name, bytes, f.piecesRoot(), layer == null ? new byte[0] : layer, pieceLength,
                    FullTree.of(bytes)));
        }
        return out;
    }

    /** Every node of a file's merkle tree, leaves padded with zero hashes to a power of two. */
    static final class FullTree {
        /** {@code layers.get(l)}: all nodes of layer {@code l}, padding included; the last is the root. */
        private final List<List<byte[]>> layers;

        private FullTree(List<List<byte[]>> layers) {
            this.layers = layers;
        }

        static FullTree of(byte[] data) {
            List<byte[]> leaves = new ArrayList<>();
            for (int at = 0; at < data.length; at += MerkleTree.BLOCK_SIZE) {
                leaves.add(MerkleTree.blockHash(data, at, Math.min(MerkleTree.BLOCK_SIZE, data.length - at)));
            }
            while (Integer.bitCount(leaves.size()) != 1) {
                leaves.add(new byte[32]);
            }
            List<List<byte[]>> layers = new ArrayList<>();
            layers.add(leaves);
            while (layers.getLast().size() > 1) {
                List<byte[]> below = layers.getLast();
                List<byte[]> up = new ArrayList<>();
                for (int i = 0; i < below.size(); i += 2) {
                    up.add(MerkleTree.parent(below.get(i), below.get(i + 1)));
                }
                layers.add(up);
            }
            return new FullTree(layers);
        }

        int height() {
            return layers.size() - 1;
        }

        byte[] root() {
            return layers.getLast().getFirst();
        }

        List<byte[]> layer(int l) {
            return layers.get(l);
        }

        /** The concatenated nodes {@code from .. to - 1} of layer {@code l}. */
        byte[] nodes(int l, int from, int to) {
            return MerkleTree.concat(layers.get(l).subList(from, to));
        }

        /**
         * What an honest seeder sends for {@code r}, walked the way libtorrent's get_hashes walks:
         * for each proof layer i (from 0), past the layers the hashes themselves cover, the sibling
         * of the ancestor one layer up.
         */
        Hashes answer(HashRequest r) {
            byte[] hashes = nodes(r.baseLayer(), r.index(), r.index() + r.length());
            int covered = Integer.numberOfTrailingZeros(r.length()) - 1;
            ByteArrayOutputStream proof = new ByteArrayOutputStream();
            int layer = r.baseLayer();
            int position = r.index();
            for (int i = 0; i < r.proofLayers(); i++) {
                layer++;
                position >>= 1;
                if (i >= covered) {
                    proof.writeBytes(layers.get(layer).get(position ^ 1));
                }
            }
            return new Hashes(r, hashes, proof.toByteArray());
        }
    }
}
