package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BInt;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.metainfo.MetainfoFixtures.Builder;
import io.lodestone.metainfo.MetainfoFixtures.Kind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.lodestone.metainfo.MetainfoFixtures.bytes;
import static io.lodestone.metainfo.MetainfoFixtures.pathList;
import static io.lodestone.metainfo.MetainfoFixtures.sha1;
import static io.lodestone.metainfo.MetainfoFixtures.withInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Bep3MetainfoTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void singleFileTorrent() {
        byte[] data = bytes(1, 100_000);
        Builder b = new Builder(Kind.V1).name("movie.mkv").pieceLength(32768).single(data)
                .announce("http://tracker.example/announce");
        byte[] torrent = b.build();

        Metainfo m = MetainfoParser.parseTorrent(torrent);

        assertThat(m.version()).isEqualTo(TorrentVersion.V1);
        assertThat(m.name()).isEqualTo("movie.mkv");
        assertThat(m.infoHashV1().hex()).isEqualTo(HEX.formatHex(sha1(b.infoBytes())));
        assertThat(m.infoHashV2()).isNull();
        assertThat(m.dhtInfoHash()).isEqualTo(m.infoHashV1());
        assertThat(m.pieceLength()).isEqualTo(32768);
        assertThat(m.pieceCount()).isEqualTo(4); // ceil(100000 / 32768)
        assertThat(m.v1Pieces()).isEqualTo(MetainfoFixtures.v1Pieces(data, 32768));
        assertThat(m.files()).containsExactly(new TorrentFile(List.of("movie.mkv"), 100_000, false, null, 0));
        assertThat(m.totalSize()).isEqualTo(100_000);
        assertThat(m.trackers()).containsExactly(List.of("http://tracker.example/announce"));
        assertThat(m.pieceLayers()).isEmpty();
        assertThat(m.isPrivate()).isFalse();

        TorrentSummary s = m.summary();
        assertThat(s.infoHash()).isEqualTo(m.infoHashV1().hex()).hasSize(40);
        assertThat(s.infoHashV2()).isNull();
        assertThat(s.name()).isEqualTo("movie.mkv");
        assertThat(s.totalSize()).isEqualTo(100_000);
        assertThat(s.pieceLength()).isEqualTo(32768);
        assertThat(s.pieceCount()).isEqualTo(4);
        assertThat(s.files()).containsExactly(new TorrentSummary.FileEntry("movie.mkv", 100_000));
        assertThat(s.version()).isEqualTo("v1");
    }

    @Test
    void multiFileTorrentPutsTheNameFirstAndKeepsListOrder() {
        Builder b = new Builder(Kind.V1).name("album").pieceLength(16384)
                .file("b.flac", bytes(2, 20_000))
                .file("a/cover.jpg", bytes(3, 5_000))
                .file("empty.txt", new byte[0]);
        Metainfo m = MetainfoParser.parseTorrent(b.build());

        assertThat(m.files()).extracting(TorrentFile::joinedPath)
                .containsExactly("album/b.flac", "album/a/cover.jpg", "album/empty.txt");
        assertThat(m.files()).extracting(TorrentFile::offset).containsExactly(0L, 20_000L, 25_000L);
        assertThat(m.files().get(1).path()).containsExactly("album", "a", "cover.jpg");
        assertThat(m.pieceCount()).isEqualTo(2);
        assertThat(m.summary().files()).extracting(TorrentSummary.FileEntry::path)
                .containsExactly("album/b.flac", "album/a/cover.jpg", "album/empty.txt");
        assertThat(m.totalSize()).isEqualTo(25_000);
    }

    @Test
    void aListWithOneFileIsStillMultiFile() {
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.V1).name("dir").file("only.bin", bytes(4, 10)).build());
        assertThat(m.files().getFirst().path()).containsExactly("dir", "only.bin");
    }

    @Test
    void hashIsOverTheInfoBytesAsReceived() {
        Builder b = new Builder(Kind.V1).single(bytes(5, 1000));
        byte[] torrent = b.build();
        Metainfo m = MetainfoParser.parseTorrent(torrent);
        byte[] info = b.infoBytes();
        int at = indexOf(torrent, info);
        assertThat(at).isPositive();
        assertThat(m.infoBytes()).isEqualTo(Arrays.copyOfRange(torrent, at, at + info.length));
        assertThat(m.infoSize()).isEqualTo(info.length);
        assertThat(m.infoHashV1().bytes()).isEqualTo(sha1(info));
    }

    @Test
    void unknownKeysInTheInfoDictChangeTheHash() {
        BDict t = new Builder(Kind.V1).single(bytes(6, 1000)).torrent();
        Metainfo plain = MetainfoParser.parseTorrent(BencodeEncoder.encode(t));
        byte[] extra = withInfo(t, "x-custom", BString.of("anything"));
        Metainfo m = MetainfoParser.parseTorrent(extra);
        assertThat(m.infoHashV1()).isNotEqualTo(plain.infoHashV1());
        assertThat(m.infoHashV1().bytes()).isEqualTo(sha1(m.infoBytes()));
    }

    @Test
    void parseInfoGivesTheSameTorrentWithoutTheOuterKeys() {
        Builder b = new Builder(Kind.V1).name("x").file("a", bytes(7, 50_000)).announce("udp://t.example:80");
        Metainfo full = MetainfoParser.parseTorrent(b.build());
        Metainfo bare = MetainfoParser.parseInfo(b.infoBytes());
        assertThat(bare.infoHashV1()).isEqualTo(full.infoHashV1());
        assertThat(bare.files()).isEqualTo(full.files());
        assertThat(bare.summary()).isEqualTo(full.summary());
        assertThat(bare.trackers()).isEmpty();
        assertThat(bare.comment()).isNull();
    }

    @Test
    void privateFlagIsOnlyOne() {
        assertThat(MetainfoParser.parseTorrent(new Builder(Kind.V1).single(bytes(8, 10)).privateFlag().build()).isPrivate()).isTrue();
        BDict t = new Builder(Kind.V1).single(bytes(8, 10)).torrent();
        assertThat(MetainfoParser.parseTorrent(withInfo(t, "private", BInt.of(0))).isPrivate()).isFalse();
        assertThat(MetainfoParser.parseTorrent(withInfo(t, "private", BInt.of(2))).isPrivate()).isFalse();
        assertThat(MetainfoParser.parseTorrent(withInfo(t, "private", BInt.of(1))).summary().isPrivate()).isTrue();
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(withInfo(t, "private", BString.of("1"))))
                .isInstanceOf(MetainfoException.class).hasMessage("info.private must be an integer, not a string");
    }

    @Test
    void oddV1PieceLengthsAreAccepted() {
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.V1).pieceLength(100_000).single(bytes(9, 250_000)).build());
        assertThat(m.pieceLength()).isEqualTo(100_000);
        assertThat(m.pieceCount()).isEqualTo(3);
    }

    @Test
    void pieceLengthBounds() {
        BDict t = new Builder(Kind.V1).single(bytes(10, 1000)).torrent();
        assertRejected(withInfo(t, "piece length", BInt.of(0)), "info.piece length must be positive, got 0");
        assertRejected(withInfo(t, "piece length", BInt.of(-16384)), "info.piece length must be positive, got -16384");
        assertRejected(withInfo(t, "piece length", BInt.of(MetainfoLimits.MAX_PIECE_LENGTH * 2)),
                "info.piece length of 536870912 exceeds the limit of 268435456");
        assertRejected(withInfo(t, "piece length", null), "info.piece length is missing");
        assertRejected(withInfo(t, "piece length", BString.of("32768")), "info.piece length must be an integer, not a string");
    }

    @Test
    void piecesMustMatchTheFiles() {
        BDict t = new Builder(Kind.V1).pieceLength(16384).single(bytes(11, 40_000)).torrent(); // 3 pieces
        byte[] pieces = t.getDict("info").getString("pieces").bytes();
        assertRejected(withInfo(t, "pieces", BString.of(Arrays.copyOf(pieces, 40))),
                "info.pieces has 2 hashes but the files fill 3 pieces of 16384 bytes");
        assertRejected(withInfo(t, "pieces", BString.of(Arrays.copyOf(pieces, 59))),
                "info.pieces has 59 bytes, not a multiple of 20");
        assertRejected(withInfo(t, "pieces", null), "info.pieces is missing");
    }

    @Test
    void fileListShapeErrors() {
        BDict t = new Builder(Kind.V1).name("n").file("a", bytes(12, 100)).torrent();
        BDict file = (BDict) t.getDict("info").getList("files").get(0);
        assertRejected(withInfo(t, "files", BList.of()), "info.files is empty");
        assertRejected(withInfo(t, "length", BInt.of(5)), "info has both files and length");
        assertRejected(withInfo(t, "files", null), "info has neither files nor length");
        assertRejected(withInfo(t, "files", BString.of("x")), "info.files must be a list, not a string");
        assertRejected(withInfo(t, "files", BList.of(BInt.of(1))), "info.files[0] must be a dictionary, not an integer");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "length", BInt.of(-1)))),
                "info.files[0].length must not be negative, got -1");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "length", BString.of("1")))),
                "info.files[0].length must be an integer, not a string");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "length", BInt.of(1L << 51)))),
                "info.files[0].length of 2251799813685248 bytes exceeds the limit of 1125899906842624");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "path", null))),
                "info.files[0].path is missing");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "path", BList.of()))),
                "info.files[0].path is empty");
        assertRejected(withInfo(t, "files", BList.of(MetainfoFixtures.with(file, "path", BList.of(BInt.of(3))))),
                "info.files[0].path[0] must be a string, not an integer");
    }

    @Test
    void totalSizesAddUpWithinTheLimit() {
        BDict t = new Builder(Kind.V1).name("n").file("a", bytes(13, 100)).torrent();
        BDict big = BDict.builder().put("length", 1L << 49).put("path", pathList(List.of("x"))).build();
        assertRejected(withInfo(t, "files", BList.of(big, big, big)),
                "info.files add up to more than the limit of 1125899906842624 bytes");
    }

    @Test
    void pieceCountIsLimitedBeforeAnythingIsAllocatedForIt() {
        BDict t = new Builder(Kind.V1).pieceLength(16384).single(bytes(22, 10)).torrent();
        assertRejected(withInfo(t, "length", BInt.of(1L << 40)), "the torrent has 67108864 pieces, more than the limit of 2097152");
    }

    @Test
    void aTorrentWithoutDataIsRejected() {
        BDict t = new Builder(Kind.V1).name("n").file("a", new byte[0]).torrent();
        assertRejected(BencodeEncoder.encode(t), "the torrent has no data (total size 0)");
    }

    @Test
    void theInfoDictAndTheFileMustBeDictionaries() {
        assertRejected("le".getBytes(StandardCharsets.US_ASCII), "the torrent is not a bencoded dictionary");
        assertRejected("d4:infoi1ee".getBytes(StandardCharsets.US_ASCII), "info must be a dictionary, not an integer");
        assertRejected("de".getBytes(StandardCharsets.US_ASCII), "info is missing");
        assertThatThrownBy(() -> MetainfoParser.parseTorrent("d4:info".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MetainfoException.class).hasMessageStartingWith("the torrent is not valid bencode: ");
        assertThatThrownBy(() -> MetainfoParser.parseInfo(new byte[0]))
                .isInstanceOf(MetainfoException.class).hasMessageStartingWith("the info dict is not valid bencode: ");
        assertThatThrownBy(() -> MetainfoParser.parseInfo("i1e".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MetainfoException.class).hasMessage("the info dict is not a bencoded dictionary");
    }

    @Test
    void nameUtf8IsPreferredWhenValid() {
        BDict t = new Builder(Kind.V1).name("latin").single(bytes(14, 10)).torrent();
        Metainfo m = MetainfoParser.parseTorrent(withInfo(t, "name.utf-8", BString.of("Ünïcode")));
        assertThat(m.name()).isEqualTo("Ünïcode");
        assertThat(m.files().getFirst().path()).containsExactly("Ünïcode");

        Metainfo fallback = MetainfoParser.parseTorrent(withInfo(t, "name.utf-8", BString.of(new byte[] {(byte) 0xff})));
        assertThat(fallback.name()).isEqualTo("latin");

        assertRejected(withInfo(t, "name", BString.of(new byte[] {'a', (byte) 0xe9})),
                "info.name: path element 'a\ufffd' is not valid UTF-8");
        assertRejected(withInfo(t, "name", null), "info.name is missing");
    }

    @Test
    void pathUtf8IsPreferredWhenAllOfItIsValid() {
        BDict t = new Builder(Kind.V1).name("n").file("plain", bytes(15, 10)).torrent();
        BDict file = (BDict) t.getDict("info").getList("files").get(0);
        BDict withUtf8 = MetainfoFixtures.with(file, "path.utf-8", pathList(List.of("dír", "fïle")));
        assertThat(MetainfoParser.parseTorrent(withInfo(t, "files", BList.of(withUtf8))).files().getFirst().path())
                .containsExactly("n", "dír", "fïle");
        BDict badUtf8 = MetainfoFixtures.with(file, "path.utf-8", BList.of(BString.of(new byte[] {(byte) 0xc3})));
        assertThat(MetainfoParser.parseTorrent(withInfo(t, "files", BList.of(badUtf8))).files().getFirst().path())
                .containsExactly("n", "plain");
    }

    @Test
    void trackersFollowBep12() {
        Builder b = new Builder(Kind.V1).single(bytes(16, 10)).announce("http://ignored.example/a")
                .announceList(List.of(List.of("http://a.example/1", " http://b.example/2 "), List.of(), List.of("udp://c.example:6969")));
        assertThat(MetainfoParser.parseTorrent(b.build()).trackers()).containsExactly(
                List.of("http://a.example/1", "http://b.example/2"), List.of("udp://c.example:6969"));

        Builder empty = new Builder(Kind.V1).single(bytes(16, 10)).announce("http://only.example/a").announceList(List.of(List.of("")));
        assertThat(MetainfoParser.parseTorrent(empty.build()).trackers()).containsExactly(List.of("http://only.example/a"));
        assertThat(MetainfoParser.parseTorrent(new Builder(Kind.V1).single(bytes(16, 10)).build()).trackers()).isEmpty();
    }

    @Test
    void outerKeysAreTypeChecked() {
        BDict t = new Builder(Kind.V1).single(bytes(17, 10)).torrent();
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "announce-list", BList.of(BString.of("x")))),
                "announce-list[0] must be a list, not a string");
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "announce-list", BList.of(BList.of(BInt.of(1))))),
                "announce-list[0][0] must be a string, not an integer");
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "announce", BInt.of(1))),
                "announce must be a string, not an integer");
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "url-list", BInt.of(1))),
                "url-list must be a string or a list");
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "creation date", BString.of("today"))),
                "creation date must be an integer, not a string");
        assertRejected(BencodeEncoder.encode(MetainfoFixtures.with(t, "comment", BList.of())),
                "comment must be a string, not a list");
    }

    @Test
    void descriptiveKeys() {
        BDict t = new Builder(Kind.V1).single(bytes(18, 10)).torrent();
        BDict full = BDict.builder().putAll(t.entries())
                .put("comment", BString.of(new byte[] {'c', (byte) 0xe9}))
                .put("comment.utf-8", "café")
                .put("created by", "lodestone test")
                .put("creation date", 1_700_000_000L)
                .put("url-list", BList.of(BString.of("http://ws.example/"), BString.of(""), BString.of("http://ws.example/")))
                .build();
        Metainfo m = MetainfoParser.parseTorrent(BencodeEncoder.encode(full));
        assertThat(m.comment()).isEqualTo("café");
        assertThat(m.createdBy()).isEqualTo("lodestone test");
        assertThat(m.creationDate()).isEqualTo(1_700_000_000L);
        assertThat(m.webSeeds()).containsExactly("http://ws.example/");

        BDict single = BDict.builder().putAll(t.entries()).put("url-list", "http://one.example/f")
                .put("comment", BString.of(new byte[] {'c', (byte) 0xe9})).put("creation date", -5).build();
        Metainfo s = MetainfoParser.parseTorrent(BencodeEncoder.encode(single));
        assertThat(s.webSeeds()).containsExactly("http://one.example/f");
        assertThat(s.comment()).isEqualTo("c\ufffd");
        assertThat(s.creationDate()).isNull();
    }

    @Test
    void recordsAreImmutableValues() {
        byte[] torrent = new Builder(Kind.V1).name("v").file("a", bytes(19, 40_000)).file("b", bytes(20, 3)).build();
        Metainfo a = MetainfoParser.parseTorrent(torrent);
        Metainfo b = MetainfoParser.parseTorrent(torrent.clone());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).startsWith("Metainfo[v1 " + a.infoHashV1().hex() + " 'v', 2 files").hasSizeLessThan(200);

        a.infoBytes()[0] = 'x';
        a.v1Pieces()[0] ^= 1;
        assertThat(a).isEqualTo(b);
        assertThatThrownBy(() -> a.files().add(a.files().getFirst())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void duplicatePathsAreRejected() {
        BDict t = new Builder(Kind.V1).name("n").file("a/b", bytes(21, 10)).torrent();
        BDict f1 = BDict.builder().put("length", 10).put("path", pathList(List.of("a", "b"))).build();
        BDict f2 = BDict.builder().put("length", 10).put("path", pathList(List.of("a"))).build();
        BDict pieces = MetainfoFixtures.with(t.getDict("info"), "pieces", BString.of(new byte[20]));
        BDict t2 = MetainfoFixtures.with(t, "info", pieces);
        assertRejected(withInfo(t2, "files", BList.of(f1, f1)), "two files have the path 'n/a/b'");
        assertRejected(withInfo(t2, "files", BList.of(f1, f2)), "file 'n/a' is also a directory of other files");
        assertRejected(withInfo(t2, "files", BList.of(f2, f1)), "file 'n/a' is also a directory of 'n/a/b'");
        BDict upper = BDict.builder().put("length", 10).put("path", pathList(List.of("A", "b"))).build();
        assertThat(MetainfoParser.parseTorrent(withInfo(t2, "files", BList.of(f1, upper))).files()).hasSize(2);
    }

    static void assertRejected(byte[] torrent, String message) {
        assertThatThrownBy(() -> MetainfoParser.parseTorrent(torrent))
                .isInstanceOf(MetainfoException.class).hasMessage(message);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
