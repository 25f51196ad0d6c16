package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BValue;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.metainfo.MetainfoFixtures.Builder;
import io.lodestone.metainfo.MetainfoFixtures.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.lodestone.metainfo.Bep3MetainfoTest.assertRejected;
import static io.lodestone.metainfo.MetainfoFixtures.bytes;
import static io.lodestone.metainfo.MetainfoFixtures.pieceLayer;
import static io.lodestone.metainfo.MetainfoFixtures.piecesRoot;
import static io.lodestone.metainfo.MetainfoFixtures.sha1;
import static io.lodestone.metainfo.MetainfoFixtures.sha256;
import static io.lodestone.metainfo.MetainfoFixtures.with;
import static io.lodestone.metainfo.MetainfoFixtures.withInfo;
import static org.assertj.core.api.Assertions.assertThat;

class Bep52MetainfoTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int PIECE = 32 * 1024;

    @Test
    void singleFileV2() {
        byte[] data = bytes(1, 100_000); // 4 pieces of 32 KiB, 7 blocks
        Builder b = new Builder(Kind.V2).name("video.mp4").pieceLength(PIECE).single(data);
        Metainfo m = MetainfoParser.parseTorrent(b.build());

        assertThat(m.version()).isEqualTo(TorrentVersion.V2);
        assertThat(m.infoHashV1()).isNull();
        assertThat(m.infoHashV2().bytes()).isEqualTo(sha256(b.infoBytes()));
        assertThat(m.dhtInfoHash()).isEqualTo(m.infoHashV2().truncated());
        assertThat(m.v1Pieces()).isNull();
        assertThat(m.pieceCount()).isEqualTo(4);
        assertThat(m.files()).hasSize(1);
        TorrentFile f = m.files().getFirst();
        assertThat(f.path()).containsExactly("video.mp4");
        assertThat(f.piecesRoot()).isEqualTo(piecesRoot(data));
        assertThat(f.offset()).isZero();
        assertThat(m.pieceLayer(piecesRoot(data))).isEqualTo(pieceLayer(data, PIECE));
        assertThat(m.pieceLayers()).containsOnlyKeys(HEX.formatHex(piecesRoot(data)));

        TorrentSummary s = m.summary();
        assertThat(s.infoHash()).isEqualTo(m.infoHashV2().hex().substring(0, 40));
        assertThat(s.infoHashV2()).isEqualTo(m.infoHashV2().hex()).hasSize(64);
        assertThat(s.version()).isEqualTo("v2");
        assertThat(s.files()).containsExactly(new TorrentSummary.FileEntry("video.mp4", 100_000));
    }

    @Test
    void aSingleFileIsNamedByItsTreeKeyAsInLibtorrent() {
        byte[] data = bytes(2, 1000);
        BDict tree = BDict.builder().put("real.bin", BDict.builder().put("", BDict.builder()
                .put("length", 1000).put("pieces root", piecesRoot(data)).build()).build()).build();
        BDict info = BDict.builder().put("name", "display").put("piece length", PIECE).put("meta version", 2)
                .put("file tree", tree).build();
        Metainfo m = MetainfoParser.parseInfo(BencodeEncoder.encode(info));
        assertThat(m.name()).isEqualTo("real.bin"); // libtorrent reports the key, not info.name
        assertThat(m.summary().name()).isEqualTo("real.bin");
        assertThat(m.files().getFirst().path()).containsExactly("real.bin");
    }

    @Test
    void aLoneFileInADirectoryIsMultiFile() {
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.V2).name("top").file("dir/f.txt", bytes(3, 10)).build());
        assertThat(m.files().getFirst().path()).containsExactly("top", "dir", "f.txt");
        assertThat(m.summary().files()).containsExactly(new TorrentSummary.FileEntry("top/dir/f.txt", 10));
    }

    @Test
    void multiFileTreeIsWalkedDepthFirstInKeyOrder() {
        byte[] big = bytes(4, 3 * PIECE + 5); // 4 pieces
        byte[] one = bytes(5, PIECE);         // exactly one piece: no layer
        byte[] small = bytes(6, 100);
        byte[] uni = bytes(7, 70_000);       // 3 pieces
        Builder b = new Builder(Kind.V2).name("Ordner").pieceLength(PIECE)
                .file("a/b/deep.bin", big)
                .file("a/c.txt", small)
                .file("a/empty", new byte[0])
                .file("z-last", one)
                .file("日本語/ファイル.txt", uni)
                .file("ü.txt", new byte[0]);
        Metainfo m = MetainfoParser.parseTorrent(b.build());

        assertThat(m.files()).extracting(TorrentFile::joinedPath).containsExactly(
                "Ordner/a/b/deep.bin", "Ordner/a/c.txt", "Ordner/a/empty", "Ordner/z-last", "Ordner/ü.txt",
                "Ordner/日本語/ファイル.txt"); // UTF-8 byte order: ü (c3 bc) sorts before 日 (e6 97 a5)
        assertThat(m.files()).extracting(TorrentFile::size).containsExactly(3L * PIECE + 5, 100L, 0L, (long) PIECE, 0L, 70_000L);
        // every file starts a piece; empty files take none
        assertThat(m.files()).extracting(TorrentFile::offset)
                .containsExactly(0L, 4L * PIECE, 5L * PIECE, 5L * PIECE, 6L * PIECE, 6L * PIECE);
        assertThat(m.pieceCount()).isEqualTo(4 + 1 + 1 + 3);
        assertThat(m.files().get(2).piecesRoot()).isNull();
        assertThat(m.files().get(5).piecesRoot()).isEqualTo(piecesRoot(uni));
        assertThat(m.pieceLayers()).containsOnlyKeys(HEX.formatHex(piecesRoot(big)), HEX.formatHex(piecesRoot(uni)));
        assertThat(m.pieceLayer(piecesRoot(big))).isEqualTo(pieceLayer(big, PIECE));
        assertThat(m.pieceLayer(piecesRoot(one))).isNull();
        assertThat(m.totalSize()).isEqualTo(3L * PIECE + 5 + 100 + PIECE + 70_000);
    }

    @Test
    void missingPieceLayersAreAllowed() {
        Builder b = new Builder(Kind.V2).name("n").file("a", bytes(8, 5 * PIECE)).noPieceLayers();
        Metainfo m = MetainfoParser.parseTorrent(b.build());
        assertThat(m.pieceLayers()).isEmpty();
        assertThat(MetainfoParser.parseInfo(b.infoBytes()).pieceLayers()).isEmpty();

        BDict t = with(b.torrent(), "piece layers", BDict.empty());
        assertThat(MetainfoParser.parseTorrent(BencodeEncoder.encode(t)).pieceLayers()).isEmpty();
    }

    @Test
    void filesWithIdenticalContentShareOneLayer() {
        byte[] data = bytes(9, 2 * PIECE + 1);
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.V2).file("a", data).file("b", data).build());
        assertThat(m.pieceLayers()).hasSize(1);
        assertThat(m.files().get(0).piecesRoot()).isEqualTo(m.files().get(1).piecesRoot());
    }

    @Test
    void badPieceLayersAreRejected() {
        byte[] data = bytes(10, 3 * PIECE);
        byte[] root = piecesRoot(data);
        byte[] layer = pieceLayer(data, PIECE);
        String key = "piece layers[" + HEX.formatHex(root) + "]";
        BDict t = new Builder(Kind.V2).name("n").file("a", data).file("one", bytes(11, PIECE)).torrent();

        byte[] corrupt = layer.clone();
        corrupt[40] ^= 1;
        assertRejected(layers(t, BString.of(root), BString.of(corrupt)), key + " for 'n/a' does not hash to its pieces root");
        assertRejected(layers(t, BString.of(root), BString.of(Arrays.copyOf(layer, 64))),
                key + " for 'n/a' has 64 bytes, expected 3 hashes of 32 bytes");
        assertRejected(layers(t, BString.of(root), BString.of(Arrays.copyOf(layer, 128))),
                key + " for 'n/a' has 128 bytes, expected 3 hashes of 32 bytes");
        assertRejected(layers(t, BString.of(root), BInt.of(1)), key + " must be a string");
        assertRejected(layers(t, BString.of(Arrays.copyOf(root, 31)), BString.of(layer)),
                "piece layers key of 31 bytes is not a 32-byte pieces root");
        byte[] other = root.clone();
        other[0] ^= 1;
        assertRejected(layers(t, BString.of(other), BString.of(layer)),
                "piece layers[" + HEX.formatHex(other) + "] belongs to no file larger than one piece");
        // a file of exactly one piece has its root as its only piece hash, and no layer (BEP 52)
        byte[] oneRoot = piecesRoot(bytes(11, PIECE));
        assertRejected(layers(t, BString.of(oneRoot), BString.of(oneRoot)),
                "piece layers[" + HEX.formatHex(oneRoot) + "] belongs to no file larger than one piece");
        assertRejected(BencodeEncoder.encode(with(t, "piece layers", BList.of())), "piece layers must be a dictionary");
    }

    private static byte[] layers(BDict torrent, BString key, BValue value) {
        return BencodeEncoder.encode(with(torrent, "piece layers", BDict.builder().put(key, value).build()));
    }

    @ParameterizedTest
    @CsvSource({"1000", "8192", "16383", "49152", "0"})
    void v2PieceLengthMustBeAPowerOfTwoOfAtLeastOneBlock(long pieceLength) {
        BDict t = new Builder(Kind.V2).single(bytes(12, 10)).torrent();
        String expected = pieceLength <= 0 ? "info.piece length must be positive, got 0"
                : "info.piece length must be a power of two >= 16384, got " + pieceLength;
        assertRejected(withInfo(t, "piece length", BInt.of(pieceLength)), expected);
    }

    @Test
    void piecesRootRules() {
        BDict t = new Builder(Kind.V2).name("n").single(bytes(13, 10)).torrent();
        assertRejected(withFileMeta(t, "pieces root", null), "info.file tree['n'].pieces root is missing");
        assertRejected(withFileMeta(t, "pieces root", BString.of(new byte[31])), "info.file tree['n'].pieces root must be 32 bytes, got 31");
        assertRejected(withFileMeta(t, "pieces root", BString.of(new byte[32])), "info.file tree['n'].pieces root is all zeros");
        assertRejected(withFileMeta(t, "pieces root", BInt.of(7)), "info.file tree['n'].pieces root must be a string, not an integer");
        assertRejected(withFileMeta(t, "length", BInt.of(-3)), "info.file tree['n'].length must not be negative, got -3");
        assertRejected(withFileMeta(t, "attr", BString.of("p")), "info.file tree['n'] is a pad file, which a v2 file tree must not have");
    }

    @Test
    void anEmptyFileMayCarryAPiecesRootWhichIsIgnored() {
        Builder b = new Builder(Kind.V2).name("n").file("data", bytes(14, 10)).file("empty", new byte[0]);
        BDict info = b.info();
        BDict tree = info.getDict("file tree");
        BDict emptyMeta = BDict.builder().put("length", 0).put("pieces root", sha256(new byte[0])).build();
        BDict tree2 = with(tree, "empty", BDict.builder().put("", emptyMeta).build());
        Metainfo m = MetainfoParser.parseInfo(BencodeEncoder.encode(with(info, "file tree", tree2)));
        assertThat(m.files().get(1).piecesRoot()).isNull();
    }

    @Test
    void fileTreeShapeErrors() {
        BDict t = new Builder(Kind.V2).name("n").file("d/a", bytes(15, 10)).torrent();
        BDict tree = t.getDict("info").getDict("file tree");
        BDict fileNode = tree.getDict("d").getDict("a");
        assertRejected(withInfo(t, "file tree", BDict.empty()), "info.file tree is empty");
        assertRejected(withInfo(t, "file tree", null), "info.file tree is missing");
        assertRejected(withInfo(t, "file tree", BList.of()), "info.file tree must be a dictionary, not a list");
        assertRejected(withInfo(t, "file tree", BDict.builder().put("d", BInt.of(1)).build()),
                "info.file tree['d'] must be a dictionary");
        BDict both = BDict.builder().putAll(fileNode.entries()).put("x", fileNode).build();
        assertRejected(withInfo(t, "file tree", BDict.builder().put("d", both).build()), "info.file tree['d'] is both a file and a directory");
        assertRejected(withInfo(t, "file tree", BDict.builder().put("d", BDict.builder().put("", BInt.of(1)).build()).build()),
                "info.file tree['d'][''] must be a dictionary, not an integer");
        assertRejected(withInfo(t, "file tree", BDict.builder().put("d", BDict.empty()).build()), "info.file tree holds no files");
    }

    @Test
    void versionKeys() {
        BDict v2 = new Builder(Kind.V2).single(bytes(16, 10)).torrent();
        assertRejected(withInfo(v2, "meta version", BInt.of(3)), "info.meta version 3 is not supported (only 2 is)");
        assertRejected(withInfo(v2, "meta version", BString.of("2")), "info.meta version must be an integer, not a string");
        assertRejected(withInfo(v2, "meta version", null), "info.file tree needs info.meta version 2");
        assertRejected(withInfo(v2, "pieces", BString.of(new byte[20])), "info.pieces without v1 files or length in a v2 torrent");
        BDict v1 = new Builder(Kind.V1).single(bytes(16, 10)).torrent();
        assertThat(MetainfoParser.parseTorrent(withInfo(v1, "meta version", BInt.of(1))).version()).isEqualTo(TorrentVersion.V1);
    }

    @Test
    void v2PieceCountIsLimited() {
        BDict t = new Builder(Kind.V2).name("n").single(bytes(23, 10)).torrent();
        assertRejected(withFileMeta(t, "length", BInt.of(1L << 40)), "the torrent has 33554432 pieces, more than the limit of 2097152");
    }

    @Test
    void parseInfoReadsV2AndHybridInfoDicts() {
        Builder v2 = new Builder(Kind.V2).name("n").file("a", bytes(24, 3 * PIECE)).file("b", bytes(25, 5));
        Metainfo fromInfo = MetainfoParser.parseInfo(v2.infoBytes());
        Metainfo fromTorrent = MetainfoParser.parseTorrent(v2.build());
        assertThat(fromInfo.infoHashV2()).isEqualTo(fromTorrent.infoHashV2());
        assertThat(fromInfo.files()).isEqualTo(fromTorrent.files());
        assertThat(fromInfo.pieceLayers()).isEmpty();
        assertThat(fromTorrent.pieceLayers()).hasSize(1);

        Builder hybrid = new Builder(Kind.HYBRID).name("h").file("a", bytes(26, 100)).file("b", bytes(27, 100));
        Metainfo h = MetainfoParser.parseInfo(hybrid.infoBytes());
        assertThat(h.version()).isEqualTo(TorrentVersion.HYBRID);
        assertThat(h.summary()).isEqualTo(MetainfoParser.parseTorrent(hybrid.build()).summary());
    }

    @Test
    void onlyEmptyFilesIsNoTorrent() {
        assertRejected(new Builder(Kind.V2).file("a", new byte[0]).file("b", new byte[0]).build(),
                "the torrent has no data (total size 0)");
    }

    @Test
    void hybridHasBothHashesAndV1FilesWithRoots() {
        byte[] a = bytes(17, 2 * PIECE + 10);
        byte[] b = bytes(18, 7);
        Builder builder = new Builder(Kind.HYBRID).name("h").pieceLength(PIECE).file("a", a).file("b", b);
        Metainfo m = MetainfoParser.parseTorrent(builder.build());
        assertThat(m.version()).isEqualTo(TorrentVersion.HYBRID);
        assertThat(m.infoHashV1().bytes()).isEqualTo(sha1(builder.infoBytes()));
        assertThat(m.infoHashV2().bytes()).isEqualTo(sha256(builder.infoBytes()));
        assertThat(m.dhtInfoHash()).isEqualTo(m.infoHashV1());
        assertThat(m.summary().infoHash()).isEqualTo(m.infoHashV1().hex());
        assertThat(m.summary().infoHashV2()).isEqualTo(m.infoHashV2().hex());
        assertThat(m.summary().version()).isEqualTo("hybrid");
        assertThat(m.pieceCount()).isEqualTo(4);
        assertThat(m.files()).extracting(TorrentFile::joinedPath).containsExactly("h/a", "h/.pad/32758", "h/b");
        assertThat(m.files().get(0).piecesRoot()).isEqualTo(piecesRoot(a));
        assertThat(m.files().get(1).piecesRoot()).isNull();
        assertThat(m.files().get(2).piecesRoot()).isEqualTo(piecesRoot(b));
        assertThat(m.files().get(2).offset()).isEqualTo(3L * PIECE);
        assertThat(m.pieceLayer(piecesRoot(a))).isEqualTo(pieceLayer(a, PIECE));
        assertThat(m.v1Pieces()).hasSize(4 * 20);
    }

    @Test
    void hybridSingleFile() {
        byte[] data = bytes(19, 50_000);
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.HYBRID).name("s.bin").single(data).build());
        assertThat(m.version()).isEqualTo(TorrentVersion.HYBRID);
        assertThat(m.files()).containsExactly(new TorrentFile(List.of("s.bin"), 50_000, false, piecesRoot(data), 0));
    }

    @Test
    void hybridV1AndV2MustDescribeTheSameFiles() {
        BDict t = new Builder(Kind.HYBRID).name("h").file("a", bytes(20, 100)).file("b", bytes(21, 100)).torrent();
        BDict info = t.getDict("info");
        BList files = info.getList("files"); // a, pad, b
        BDict treeA = info.getDict("file tree").getDict("a");

        BDict renamed = with((BDict) files.get(2), "path", MetainfoFixtures.pathList(List.of("c")));
        assertRejected(withInfo(t, "files", BList.of(files.get(0), files.get(1), renamed)),
                "hybrid: v1 file 'h/c' stands where the v2 file tree has 'h/b'");
        BDict resized = with((BDict) files.get(2), "length", BInt.of(99));
        assertRejected(withInfo(t, "files", BList.of(files.get(0), files.get(1), resized)),
                "hybrid: 'h/b' has 99 bytes in v1 but 100 in v2");
        assertRejected(withInfo(t, "files", BList.of(files.get(0), files.get(2))),
                "hybrid: 'h/b' starts at offset 100, not on a piece boundary (missing pad file)");
        assertRejected(withInfo(t, "files", BList.of(files.get(0), files.get(1))),
                "hybrid: v2 file 'h/b' is not in the v1 file list");
        BDict extra = BDict.builder().put("length", 5).put("path", MetainfoFixtures.pathList(List.of("x"))).build();
        assertRejected(withInfo(t, "files", BList.of(files.get(0), files.get(1), files.get(2), extra)),
                "hybrid: v1 file 'h/x' is not in the v2 file tree");
        assertRejected(withInfo(t, "file tree", BDict.builder().put("a", treeA).build()),
                "hybrid: v1 file 'h/b' is not in the v2 file tree");
        BDict bigPad = with((BDict) files.get(1), "length", BInt.of(PIECE + PIECE - 100));
        assertRejected(withInfo(with(t, "info", with(info, "pieces", BString.of(new byte[60]))), "files",
                        BList.of(files.get(0), bigPad, files.get(2))),
                "hybrid: the v1 files fill 3 pieces but the v2 files 2 (pad files too large)");
        assertRejected(withInfo(t, "piece length", BInt.of(100_000)), "info.piece length must be a power of two >= 16384, got 100000");
    }

    @Test
    void verifierMatchesTheReferenceTreeForManyShapes() {
        for (int pieceLength : new int[] {16384, 32768, 65536, 262144}) {
            for (int size : new int[] {pieceLength + 1, 2 * pieceLength, 3 * pieceLength - 1, 5 * pieceLength + 7,
                    8 * pieceLength, 9 * pieceLength + 100}) {
                byte[] data = bytes(size, size);
                byte[] root = piecesRoot(data);
                byte[] layer = pieceLayer(data, pieceLength);
                assertThat(PieceLayerVerifier.verify(layer, pieceLength, root))
                        .as("size %d piece %d", size, pieceLength).isTrue();
                byte[] wrong = layer.clone();
                wrong[wrong.length - 1] ^= 1;
                assertThat(PieceLayerVerifier.verify(wrong, pieceLength, root)).isFalse();
            }
        }
        assertThat(PieceLayerVerifier.verify(new byte[0], 16384, new byte[32])).isFalse();
        assertThat(PieceLayerVerifier.verify(new byte[33], 16384, new byte[32])).isFalse();
    }

    @Test
    void zeroSubtreeRootIsTheHashOfZeroLeaves() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(PieceLayerVerifier.zeroSubtreeRoot(16384, sha)).isEqualTo(new byte[32]);
        assertThat(PieceLayerVerifier.zeroSubtreeRoot(32768, sha)).isEqualTo(sha256(new byte[32], new byte[32]));
        byte[] two = sha256(new byte[32], new byte[32]);
        assertThat(PieceLayerVerifier.zeroSubtreeRoot(65536, sha)).isEqualTo(sha256(two, two));
    }

    private static byte[] withFileMeta(BDict torrent, String key, BValue value) {
        BDict tree = torrent.getDict("info").getDict("file tree");
        String name = tree.entries().firstKey().utf8();
        BDict meta = tree.getDict(name).getDict("");
        BDict newTree = with(tree, name, BDict.builder().put("", with(meta, key, value)).build());
        return withInfo(torrent, "file tree", newTree);
    }
}
