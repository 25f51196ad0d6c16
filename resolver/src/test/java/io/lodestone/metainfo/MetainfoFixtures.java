package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeEncoder;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Builds real torrents from file contents for the tests, with its own straightforward reference
 * hashing: SHA-1 over the piece space for v1; for v2 the whole merkle tree over 16 KiB blocks,
 * leaves padded with zero hashes to a power of two, from which the root and piece layer are read.
 */
final class MetainfoFixtures {
    private MetainfoFixtures() {
    }

    static final int BLOCK = 16 * 1024;

    /** A file of the torrent: path below the torrent name, and its bytes. */
    record Content(List<String> path, byte[] data) {
        static Content of(String path, byte[] data) {
            return new Content(List.of(path.split("/")), data);
        }
    }

    enum Kind { V1, V2, HYBRID }

    /** Deterministic pseudo-random bytes. */
    static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] sha1(byte[] b) {
        return digest("SHA-1", b);
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] digest(String alg, byte[] b) {
        try {
            return MessageDigest.getInstance(alg).digest(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every layer of a file's merkle tree, leaves first; the last layer holds only the root. */
    static List<byte[][]> merkleLayers(byte[] data) {
        int blocks = Math.max(1, (data.length + BLOCK - 1) / BLOCK);
        int leaves = Integer.highestOneBit(blocks);
        if (leaves < blocks) {
            leaves *= 2;
        }
        byte[][] layer = new byte[leaves][];
        for (int i = 0; i < leaves; i++) {
            layer[i] = i < blocks
                    ? sha256(Arrays.copyOfRange(data, i * BLOCK, Math.min(data.length, (i + 1) * BLOCK)))
                    : new byte[32];
        }
        List<byte[][]> layers = new ArrayList<>();
        layers.add(layer);
        while (layer.length > 1) {
            byte[][] up = new byte[layer.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = sha256(layer[2 * i], layer[2 * i + 1]);
            }
            layers.add(up);
            layer = up;
        }
        return layers;
    }

    static byte[] piecesRoot(byte[] data) {
        List<byte[][]> layers = merkleLayers(data);
        return layers.getLast()[0];
    }

    /** The piece layer: the tree layer where one node covers a piece, cut to the file's pieces. */
    static byte[] pieceLayer(byte[] data, int pieceLength) {
        int level = Integer.numberOfTrailingZeros(pieceLength / BLOCK);
        byte[][] nodes = merkleLayers(data).get(level);
        int pieces = (data.length + pieceLength - 1) / pieceLength;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            out.writeBytes(nodes[i]);
        }
        return out.toByteArray();
    }

    /** A builder for one torrent; defaults give a valid multi-file torrent of the chosen kind. */
    static final class Builder {
        final Kind kind;
        String name = "test";
        int pieceLength = 32 * 1024;
        List<Content> files = new ArrayList<>();
        boolean singleFile;
        boolean isPrivate;
        boolean pieceLayers = true;
        boolean trailingPad;
        String announce;
        List<List<String>> announceList;

        Builder(Kind kind) {
            this.kind = kind;
        }

        Builder name(String n) { name = n; return this; }
        Builder pieceLength(int p) { pieceLength = p; return this; }
        Builder file(String path, byte[] data) { files.add(Content.of(path, data)); return this; }
        Builder single(byte[] data) { singleFile = true; files.add(new Content(List.of(), data)); return this; }
        Builder privateFlag() { isPrivate = true; return this; }
        Builder noPieceLayers() { pieceLayers = false; return this; }
        Builder trailingPad() { trailingPad = true; return this; }
        Builder announce(String url) { announce = url; return this; }
        Builder announceList(List<List<String>> tiers) { announceList = tiers; return this; }

        byte[] build() {
            return BencodeEncoder.encode(torrent());
        }

        byte[] infoBytes() {
            return BencodeEncoder.encode(info());
        }

        BDict torrent() {
            BDict.Builder t = BDict.builder().put("info", info());
            if (announce != null) t.put("announce", announce);
            if (announceList != null) {
                List<BValue> tiers = new ArrayList<>();
                for (List<String> tier : announceList) {
                    tiers.add(BList.of(tier.stream().map(BString::of).toList()));
                }
                t.put("announce-list", BList.of(tiers));
            }
            if (kind != Kind.V1 && pieceLayers) {
                BDict.Builder layers = BDict.builder();
                for (Content c : files) {
                    if (c.data().length > pieceLength) {
                        layers.put(BString.of(piecesRoot(c.data())), BString.of(pieceLayer(c.data(), pieceLength)));
                    }
                }
                t.put("piece layers", layers.build());
            }
            return t.build();
        }

        BDict info() {
            BDict.Builder info = BDict.builder().put("name", name).put("piece length", pieceLength);
            if (isPrivate) info.put("private", 1);
            if (kind != Kind.V2) {
                ByteArrayOutputStream space = new ByteArrayOutputStream();
                if (singleFile) {
                    info.put("length", files.getFirst().data().length);
                    space.writeBytes(files.getFirst().data());
                } else {
                    List<BValue> list = new ArrayList<>();
                    for (int i = 0; i < files.size(); i++) {
                        Content c = files.get(i);
                        list.add(BDict.builder().put("length", c.data().length).put("path", pathList(c.path())).build());
                        space.writeBytes(c.data());
                        boolean last = i == files.size() - 1;
                        int tail = c.data().length % pieceLength;
                        if (kind == Kind.HYBRID && tail != 0 && (!last || trailingPad)) {
                            int pad = pieceLength - tail;
                            list.add(BDict.builder().put("attr", "p").put("length", pad)
                                    .put("path", pathList(List.of(".pad", Integer.toString(pad)))).build());
                            space.writeBytes(new byte[pad]);
                        }
                    }
                    info.put("files", BList.of(list));
                }
                info.put("pieces", v1Pieces(space.toByteArray(), pieceLength));
            }
            if (kind != Kind.V1) {
                info.put("meta version", 2);
                info.put("file tree", fileTree());
            }
            return info.build();
        }

        private BDict fileTree() {
            TreeMap<String, Object> root = new TreeMap<>();
            for (Content c : files) {
                List<String> path = singleFile ? List.of(name) : c.path();
                TreeMap<String, Object> dir = root;
                for (int i = 0; i < path.size() - 1; i++) {
                    @SuppressWarnings("unchecked")
                    TreeMap<String, Object> sub = (TreeMap<String, Object>) dir.computeIfAbsent(path.get(i), k -> new TreeMap<>());
                    dir = sub;
                }
                BDict.Builder meta = BDict.builder().put("length", c.data().length);
                if (c.data().length > 0) {
                    meta.put("pieces root", piecesRoot(c.data()));
                }
                dir.put(path.getLast(), BDict.builder().put("", meta.build()).build());
            }
            return toDict(root);
        }

        @SuppressWarnings("unchecked")
        private static BDict toDict(TreeMap<String, Object> dir) {
            BDict.Builder b = BDict.builder();
            dir.forEach((k, v) -> b.put(k, v instanceof BDict d ? d : toDict((TreeMap<String, Object>) v)));
            return b.build();
        }
    }

    static BList pathList(List<String> path) {
        return BList.of(path.stream().map(BString::of).toList());
    }

    static byte[] v1Pieces(byte[] space, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < space.length; off += pieceLength) {
            out.writeBytes(sha1(Arrays.copyOfRange(space, off, Math.min(space.length, off + pieceLength))));
        }
        return out.toByteArray();
    }

    /** The same dict with one key replaced (or removed when value is null). */
    static BDict with(BDict d, String key, BValue value) {
        BDict.Builder b = BDict.builder().putAll(d.entries());
        TreeMap<BString, BValue> copy = new TreeMap<>(d.entries());
        if (value == null) {
            copy.remove(BString.of(key));
            return BDict.builder().putAll(copy).build();
        }
        return b.put(key, value).build();
    }

    /** A torrent dict with one info key replaced (or removed when value is null). */
    static byte[] withInfo(BDict torrent, String key, BValue value) {
        return BencodeEncoder.encode(with(torrent, "info", with(torrent.getDict("info"), key, value)));
    }
}
