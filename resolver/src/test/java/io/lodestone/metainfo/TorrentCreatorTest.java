package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeDecoder;
import io.lodestone.metainfo.CreateOptions.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The info-hashes pinned here were made by libtorrent 2.0.8's create_torrent (python bindings)
 * from files with the same names and the same {@link #pattern} content, at the same piece length.
 * Multi-file v1 torrents are not pinned: libtorrent lists their files in directory order.
 */
class TorrentCreatorTest {

    private static final int K16 = 16 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void singleFileV1IsWhatLibtorrentMakes() throws IOException {
        Path file = write(dir.resolve("pattern.bin"), pattern(100_000, 1));
        BDict t = create(file, Format.V1, K16);
        BDict info = t.getDict("info");

        assertThat(keys(info)).containsExactly("length", "name", "piece length", "pieces");
        assertThat(info.getInt("length").value()).isEqualTo(100_000);
        assertThat(info.getString("name").utf8()).isEqualTo("pattern.bin");
        assertThat(info.getString("pieces").bytes()).isEqualTo(sha1Pieces(pattern(100_000, 1), K16));
        assertThat(keys(t)).containsExactly("created by", "info");
        assertThat(sha1(info.encoded())).isEqualTo("154e99e82f982ca21aad23c981251f2aee7ff006");

        BDict bigger = create(file, Format.V1, 2 * K16).getDict("info");
        assertThat(sha1(bigger.encoded())).isEqualTo("a6874f4e693ba49425c83f4dd9f63bec04cd06bb");
    }

    @Test
    void singleFileV2AndHybrid() throws IOException {
        byte[] content = pattern(100_000, 1);
        Path file = write(dir.resolve("pattern.bin"), content);

        BDict v2 = create(file, Format.V2, 4 * K16);
        BDict info = v2.getDict("info");
        assertThat(keys(info)).containsExactly("file tree", "meta version", "name", "piece length");
        assertThat(info.getInt("meta version").value()).isEqualTo(2);
        BDict leaf = info.getDict("file tree").getDict("pattern.bin").getDict("");
        assertThat(leaf.getInt("length").value()).isEqualTo(100_000);
        List<byte[]> leaves = leaves(content);
        byte[] root = MerkleTree.root(leaves);
        assertThat(leaf.getString("pieces root").bytes()).isEqualTo(root);
        // 100,000 bytes are two 64 KiB pieces, so the file has a piece layer
        assertThat(v2.getDict("piece layers").size()).isEqualTo(1);
        assertThat(((BString) v2.getDict("piece layers").entries().get(BString.of(root))).bytes())
                .isEqualTo(MerkleTree.concat(MerkleTree.layer(leaves, 2)));
        assertThat(sha256(info.encoded())).isEqualTo("cf329058fd9decce9fdeb32ae441b3f4380090e265b01ea0056592fc895b3a73");

        BDict hybrid = create(file, Format.HYBRID, K16).getDict("info");
        assertThat(keys(hybrid)).containsExactly("file tree", "length", "meta version", "name", "piece length", "pieces");
        assertThat(hybrid.getString("pieces").bytes()).isEqualTo(sha1Pieces(content, K16)); // one file: nothing to pad
        assertThat(sha1(hybrid.encoded())).isEqualTo("6b6f28c9249dc6fc2e495001a6ef3d628f6da99a");
        assertThat(sha256(hybrid.encoded())).isEqualTo("3b19cf3b762ceb4ea224eb7a81c901442421ac7896c8e3bab926434dddadb713");
    }

    @Test
    void smallFilesHaveNoPieceLayerButTheKeyStays() throws IOException {
        Path file = write(dir.resolve("small"), pattern(K16, 9));
        BDict t = create(file, Format.V2, K16);
        assertThat(t.getDict("piece layers").size()).isZero();
        assertThat(t.getDict("info").getDict("file tree").getDict("small").getDict("").getString("pieces root").bytes())
                .isEqualTo(MerkleTree.blockHash(pattern(K16, 9), 0, K16));
    }

    @Test
    void hybridDirectoryIsPaddedLikeLibtorrent() throws IOException {
        Path root = tree();
        BDict t = create(root, Format.HYBRID, K16);
        BDict info = t.getDict("info");

        assertThat(info.getString("name").utf8()).isEqualTo("tree");
        assertThat(v1Files(info)).containsExactly(
                "a.bin 20000", ".pad/12768 12768 p", "empty 0", "sub/b.bin 40000", ".pad/9152 9152 p",
                "z.bin 5000", ".pad/11384 11384 p", "ü/日本.txt 33000", ".pad/16152 16152 p");
        byte[] stream = concat(pattern(20_000, 2), new byte[12_768], pattern(40_000, 3), new byte[9152],
                pattern(5000, 4), new byte[11_384], pattern(33_000, 5), new byte[16_152]);
        assertThat(info.getString("pieces").bytes()).isEqualTo(sha1Pieces(stream, K16));
        checkFileTree(t, K16);

        assertThat(sha1(info.encoded())).isEqualTo("95d0551e7e24971c0542bb6046435b18c86d165c");
        assertThat(sha256(info.encoded())).isEqualTo("7b312c8523b0974dc3b56c696adb76978dc36b8b3b63c3c87ececae1398f233c");

        BDict wider = create(root, Format.HYBRID, 2 * K16);
        checkFileTree(wider, 2 * K16);
        assertThat(sha1(wider.getDict("info").encoded())).isEqualTo("fac0440d3316ef391b752af17adb4a2dded55c5c");
    }

    @Test
    void v2DirectoryIsWhatLibtorrentMakes() throws IOException {
        Path root = tree();
        BDict t = create(root, Format.V2, K16);
        BDict info = t.getDict("info");
        assertThat(keys(info)).containsExactly("file tree", "meta version", "name", "piece length");
        BDict tree = info.getDict("file tree");
        assertThat(keys(tree)).containsExactly("a.bin", "empty", "sub", "z.bin", "ü");
        assertThat(keys(tree.getDict("empty").getDict(""))).containsExactly("length");
        assertThat(keys(tree.getDict("ü").getDict("日本.txt").getDict(""))).containsExactly("length", "pieces root");
        checkFileTree(t, K16);
        // files over one piece: a.bin, sub/b.bin and ü/日本.txt
        assertThat(t.getDict("piece layers").size()).isEqualTo(3);
        assertThat(sha256(info.encoded())).isEqualTo("2f08e15c23d507bb53e44564422003c6afb63713c05515cce8acbeaa08515708");

        BDict wide = create(root, Format.V2, 4 * K16);
        checkFileTree(wide, 4 * K16);
        assertThat(wide.getDict("piece layers").size()).isZero(); // no file exceeds 64 KiB
        assertThat(sha256(wide.getDict("info").encoded())).isEqualTo("dbb4edf00a157d5a5e58b8b8e75b770a23fb69b628de601acba1f327e01853bc");
    }

    @Test
    void v1DirectoryIsSortedAndUnpadded() throws IOException {
        Path root = tree();
        BDict info = create(root, Format.V1, 2 * K16).getDict("info");
        assertThat(keys(info)).containsExactly("files", "name", "piece length", "pieces");
        assertThat(v1Files(info)).containsExactly("a.bin 20000", "empty 0", "sub/b.bin 40000", "z.bin 5000", "ü/日本.txt 33000");
        byte[] stream = concat(pattern(20_000, 2), pattern(40_000, 3), pattern(5000, 4), pattern(33_000, 5));
        assertThat(info.getString("pieces").bytes()).isEqualTo(sha1Pieces(stream, 2 * K16));
    }

    @Test
    void pathsSortByComponentThenBytes() throws IOException {
        Path root = dir.resolve("order");
        write(root.resolve("a-c"), pattern(10, 1));
        write(root.resolve("a").resolve("b"), pattern(10, 2));
        write(root.resolve("B"), pattern(10, 3));
        write(root.resolve(".hidden"), pattern(10, 4));
        BDict info = create(root, Format.V1, K16).getDict("info");
        // "a" sorts before "a-c" as a component, though "a/b" > "a-c" as a string
        assertThat(v1Files(info)).containsExactly(".hidden 10", "B 10", "a/b 10", "a-c 10");
    }

    @Test
    void symbolicLinksInsideTheDirectoryAreSkipped() throws IOException {
        Path root = dir.resolve("links");
        Path real = write(root.resolve("real"), pattern(50, 1));
        Path outside = write(dir.resolve("outside"), pattern(60, 2));
        Files.createSymbolicLink(root.resolve("to-real"), real);
        Files.createSymbolicLink(root.resolve("to-outside"), outside);
        Files.createSymbolicLink(root.resolve("loop"), root);
        assertThat(v1Files(create(root, Format.V1, K16).getDict("info"))).containsExactly("real 50");

        // the path given may itself be a link, to a directory or a file
        Path linkedDir = Files.createSymbolicLink(dir.resolve("linked-dir"), root);
        assertThat(v1Files(create(linkedDir, Format.V1, K16).getDict("info"))).containsExactly("real 50");
        Path linkedFile = Files.createSymbolicLink(dir.resolve("linked-file"), outside);
        assertThat(create(linkedFile, Format.V1, K16).getDict("info").getInt("length").value()).isEqualTo(60);
    }

    @Test
    void topLevelKeysAndOptions() throws IOException {
        Path file = write(dir.resolve("f.bin"), pattern(40_000, 7));
        CreateOptions options = CreateOptions.defaults()
                .withFormat(Format.HYBRID)
                .withName("renamed")
                .withTrackers(List.of("udp://t1.example:6969/announce", "https://t2.example/announce", "udp://t1.example:6969/announce"))
                .withPrivate(true)
                .withCreatedBy("test 1.0")
                .withCreationDate(1_700_000_000L)
                .withComment("a comment");
        BDict t = decode(TorrentCreator.create(file, options));

        assertThat(keys(t)).containsExactly("announce", "announce-list", "comment", "created by", "creation date", "info", "piece layers");
        assertThat(t.getString("announce").utf8()).isEqualTo("udp://t1.example:6969/announce");
        assertThat(t.getList("announce-list")).isEqualTo(BList.of(
                BList.of(BString.of("udp://t1.example:6969/announce")), BList.of(BString.of("https://t2.example/announce"))));
        assertThat(t.getString("comment").utf8()).isEqualTo("a comment");
        assertThat(t.getString("created by").utf8()).isEqualTo("test 1.0");
        assertThat(t.getInt("creation date").value()).isEqualTo(1_700_000_000L);
        BDict info = t.getDict("info");
        assertThat(info.getInt("private").value()).isEqualTo(1);
        assertThat(info.getString("name").utf8()).isEqualTo("renamed");
        assertThat(keys(info.getDict("file tree"))).containsExactly("renamed");

        BDict one = decode(TorrentCreator.create(file, CreateOptions.defaults().withTrackers(List.of("http://t.example/a"))));
        assertThat(one.getString("announce").utf8()).isEqualTo("http://t.example/a");
        assertThat(one.get("announce-list")).isNull();
        assertThat(one.getString("created by").utf8()).isEqualTo(CreateOptions.DEFAULT_CREATED_BY);
        assertThat(one.get("creation date")).isNull();
        assertThat(one.getDict("info").get("private")).isNull();
    }

    @Test
    void autoPieceLengthFollowsLibtorrentsTable() throws IOException {
        assertThat(CreateOptions.autoPieceLength(1)).isEqualTo(K16);
        assertThat(CreateOptions.autoPieceLength(2_684_355)).isEqualTo(K16);
        assertThat(CreateOptions.autoPieceLength(2_684_356)).isEqualTo(2 * K16);
        assertThat(CreateOptions.autoPieceLength(1L << 30)).isEqualTo(512 * 1024);
        assertThat(CreateOptions.autoPieceLength(703_687_441_777L)).isEqualTo(8 << 20);
        assertThat(CreateOptions.autoPieceLength(703_687_441_778L)).isEqualTo(16 << 20);
        assertThat(CreateOptions.autoPieceLength(Long.MAX_VALUE)).isEqualTo(16 << 20);

        Path file = write(dir.resolve("f"), pattern(3_000_000, 1));
        assertThat(decode(TorrentCreator.create(file, CreateOptions.defaults())).getDict("info").getInt("piece length").value())
                .isEqualTo(2 * K16);
    }

    @Test
    void refusesNothingToShare() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty-dir"));
        assertThatThrownBy(() -> TorrentCreator.create(empty, CreateOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("holds no regular files");
        Files.createDirectory(empty.resolve("nested"));
        write(empty.resolve("nested").resolve("zero"), new byte[0]);
        assertThatThrownBy(() -> TorrentCreator.create(empty, CreateOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("holds only empty files");
        Path zero = write(dir.resolve("zero"), new byte[0]);
        assertThatThrownBy(() -> TorrentCreator.create(zero, CreateOptions.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> TorrentCreator.create(dir.resolve("missing"), CreateOptions.defaults()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesBadOptions() {
        CreateOptions d = CreateOptions.defaults();
        assertThatThrownBy(() -> d.withPieceLength(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> d.withPieceLength(3 * K16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPieceLength(K16 / 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPieceLength(512 << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withName("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withName("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTrackers(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withCreationDate(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withFormat(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesAFileLargerThanTheHeapByStreaming() throws IOException {
        // sparse, so it costs no disk; reading it whole would not fit in the test JVM's heap
        long size = Math.max((1L << 30) + 1, Runtime.getRuntime().maxMemory() + 1);
        Path file = dir.resolve("sparse.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        BDict t = decode(TorrentCreator.create(file, CreateOptions.defaults()));
        BDict info = t.getDict("info");

        int pieceLength = CreateOptions.autoPieceLength(size);
        assertThat(info.getInt("piece length").value()).isEqualTo(pieceLength);
        int pieces = (int) ((size + pieceLength - 1) / pieceLength);
        int last = (int) (size - (long) (pieces - 1) * pieceLength);
        byte[] fullSha1 = digest("SHA-1", new byte[pieceLength]);
        byte[] v1 = info.getString("pieces").bytes();
        assertThat(v1.length).isEqualTo(20 * pieces);
        for (int i = 0; i < pieces - 1; i++) {
            assertThat(Arrays.copyOfRange(v1, 20 * i, 20 * i + 20)).isEqualTo(fullSha1);
        }
        assertThat(Arrays.copyOfRange(v1, v1.length - 20, v1.length)).isEqualTo(digest("SHA-1", new byte[last]));

        int blocksPerPiece = pieceLength / MerkleTree.BLOCK_SIZE;
        byte[] zeroLeaf = MerkleTreeTest.sha256(new byte[MerkleTree.BLOCK_SIZE]);
        byte[] fullPiece = MerkleTree.root(Collections.nCopies(blocksPerPiece, zeroLeaf));
        List<byte[]> layer = new ArrayList<>(Collections.nCopies(pieces - 1, fullPiece));
        List<byte[]> lastLeaves = new ArrayList<>(Collections.nCopies((last - 1) / MerkleTree.BLOCK_SIZE, zeroLeaf));
        lastLeaves.add(MerkleTreeTest.sha256(new byte[(last - 1) % MerkleTree.BLOCK_SIZE + 1]));
        layer.add(MerkleTree.root(lastLeaves, 0, blocksPerPiece));
        byte[] root = MerkleTree.root(layer, MerkleTree.log2(blocksPerPiece), MerkleTree.nextPowerOfTwo(pieces));
        assertThat(info.getDict("file tree").getDict("sparse.bin").getDict("").getString("pieces root").bytes()).isEqualTo(root);
        assertThat(((BString) t.getDict("piece layers").entries().get(BString.of(root))).bytes()).isEqualTo(MerkleTree.concat(layer));
    }

    @Test
    void ourParserReadsWhatWeMake() throws IOException {
        Path root = tree();
        for (Format format : Format.values()) {
            byte[] bytes = TorrentCreator.create(root, CreateOptions.defaults().withFormat(format).withPieceLength(K16)
                    .withTrackers(List.of("udp://t.example:1")));
            byte[] infoBytes = decode(bytes).getDict("info").encoded();
            Metainfo m = MetainfoParser.parseTorrent(bytes);

            assertThat(m.name()).isEqualTo("tree");
            assertThat(m.pieceLength()).isEqualTo(K16);
            assertThat(m.infoHashV1() == null ? null : m.infoHashV1().hex()).isEqualTo(format == Format.V2 ? null : sha1(infoBytes));
            assertThat(m.infoHashV2() == null ? null : m.infoHashV2().hex()).isEqualTo(format == Format.V1 ? null : sha256(infoBytes));
            List<String> real = m.files().stream().filter(f -> !f.pad()).map(f -> f.joinedPath() + " " + f.size()).toList();
            assertThat(real).containsExactly("tree/a.bin 20000", "tree/empty 0", "tree/sub/b.bin 40000", "tree/z.bin 5000",
                    "tree/ü/日本.txt 33000");
            assertThat(m.files().stream().filter(TorrentFile::pad).count()).isEqualTo(format == Format.HYBRID ? 4 : 0);
        }
    }

    // ---- helpers

    /** Five files, one empty, two levels, non-ASCII names: the tree the pinned hashes were made from. */
    private Path tree() throws IOException {
        assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 locale here");
        Path root = dir.resolve("tree");
        write(root.resolve("a.bin"), pattern(20_000, 2));
        write(root.resolve("empty"), new byte[0]);
        write(root.resolve("sub").resolve("b.bin"), pattern(40_000, 3));
        write(root.resolve("z.bin"), pattern(5000, 4));
        write(root.resolve("ü").resolve("日本.txt"), pattern(33_000, 5));
        return root;
    }

    /** The v2 leaves of every file in the file tree agree with its content. */
    private void checkFileTree(BDict torrent, int pieceLength) throws IOException {
        BDict tree = torrent.getDict("info").getDict("file tree");
        BDict layers = torrent.getDict("piece layers");
        Path root = dir.resolve("tree");
        for (String path : List.of("a.bin", "empty", "sub/b.bin", "z.bin", "ü/日本.txt")) {
            BDict node = tree;
            for (String c : path.split("/")) {
                node = node.getDict(c);
            }
            BDict leaf = node.getDict("");
            byte[] content = Files.readAllBytes(root.resolve(path));
            assertThat(leaf.getInt("length").value()).isEqualTo(content.length);
            if (content.length == 0) {
                assertThat(leaf.get("pieces root")).isNull();
                continue;
            }
            List<byte[]> leaves = leaves(content);
            byte[] piecesRoot = MerkleTree.root(leaves);
            assertThat(leaf.getString("pieces root").bytes()).as(path).isEqualTo(piecesRoot);
            BValue layer = layers.entries().get(BString.of(piecesRoot));
            if (content.length > pieceLength) {
                int height = MerkleTree.log2(pieceLength / MerkleTree.BLOCK_SIZE);
                assertThat(((BString) layer).bytes()).as(path).isEqualTo(MerkleTree.concat(MerkleTree.layer(leaves, height)));
            } else {
                assertThat(layer).as(path).isNull();
            }
        }
    }

    private BDict create(Path path, Format format, int pieceLength) throws IOException {
        return decode(TorrentCreator.create(path, CreateOptions.defaults().withFormat(format).withPieceLength(pieceLength)));
    }

    private static BDict decode(byte[] torrent) {
        return (BDict) BencodeDecoder.strict().decode(torrent);
    }

    private static List<String> keys(BDict d) {
        return d.entries().keySet().stream().map(BString::utf8).toList();
    }

    /** Each v1 file as "path length", plus " attr" when it has one. */
    private static List<String> v1Files(BDict info) {
        List<String> out = new ArrayList<>();
        for (BValue v : info.getList("files").items()) {
            BDict f = (BDict) v;
            List<String> path = f.getList("path").items().stream().map(p -> ((BString) p).utf8()).toList();
            BString attr = f.getString("attr");
            out.add(String.join("/", path) + " " + f.getInt("length").value() + (attr == null ? "" : " " + attr.utf8()));
        }
        return out;
    }

    private static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Deterministic content that libtorrent's side of the pinned vectors made the same way. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((i * 31 + seed) % 251);
        }
        return b;
    }

    private static List<byte[]> leaves(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < content.length; i += MerkleTree.BLOCK_SIZE) {
            out.add(MerkleTreeTest.sha256(Arrays.copyOfRange(content, i, Math.min(content.length, i + MerkleTree.BLOCK_SIZE))));
        }
        return out;
    }

    private static byte[] sha1Pieces(byte[] stream, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < stream.length; i += pieceLength) {
            out.writeBytes(digest("SHA-1", Arrays.copyOfRange(stream, i, Math.min(stream.length, i + pieceLength))));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String sha1(byte[] b) {
        return HEX.formatHex(digest("SHA-1", b));
    }

    private static String sha256(byte[] b) {
        return HEX.formatHex(digest("SHA-256", b));
    }

    private static byte[] digest(String algorithm, byte[] b) {
        try {
            return MessageDigest.getInstance(algorithm).digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
