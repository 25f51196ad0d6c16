package io.lodestone.metainfo;

import io.lodestone.bencode.BDict;
import io.lodestone.bencode.BList;
import io.lodestone.bencode.BString;
import io.lodestone.bencode.BencodeEncoder;
import io.lodestone.metainfo.MetainfoFixtures.Builder;
import io.lodestone.metainfo.MetainfoFixtures.Kind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static io.lodestone.metainfo.Bep3MetainfoTest.assertRejected;
import static io.lodestone.metainfo.MetainfoFixtures.bytes;
import static io.lodestone.metainfo.MetainfoFixtures.pathList;
import static io.lodestone.metainfo.MetainfoFixtures.withInfo;
import static org.assertj.core.api.Assertions.assertThat;

class Bep47PadFilesTest {

    private static final int PIECE = 16384;

    /** A v1 torrent from (path, size, attr) entries; pieces are over the files' bytes, pads zero. */
    private static byte[] v1(List<Object[]> entries) {
        List<BDict> files = new java.util.ArrayList<>();
        ByteArrayOutputStream space = new ByteArrayOutputStream();
        int seed = 0;
        for (Object[] e : entries) {
            int size = (Integer) e[1];
            BDict.Builder f = BDict.builder().put("length", size).put("path", pathList(List.of(((String) e[0]).split("/"))));
            if (e.length > 2) {
                f.put("attr", (String) e[2]);
            }
            files.add(f.build());
            boolean pad = e.length > 2 && ((String) e[2]).contains("p");
            space.writeBytes(pad ? new byte[size] : bytes(++seed, size));
        }
        BDict info = BDict.builder().put("name", "t").put("piece length", PIECE).put("files", BList.of(files))
                .put("pieces", MetainfoFixtures.v1Pieces(space.toByteArray(), PIECE)).build();
        return BencodeEncoder.encode(BDict.builder().put("info", info).build());
    }

    @Test
    void padFilesAreKeptButNotShownOrCounted() {
        Metainfo m = MetainfoParser.parseTorrent(v1(List.of(
                new Object[] {"a.bin", 1000},
                new Object[] {".pad/15384", 15384, "p"},
                new Object[] {"b.bin", 20000})));
        assertThat(m.files()).extracting(TorrentFile::pad).containsExactly(false, true, false);
        assertThat(m.files()).extracting(TorrentFile::offset).containsExactly(0L, 1000L, 16384L);
        assertThat(m.files().get(1).path()).containsExactly("t", ".pad", "15384");
        assertThat(m.totalSize()).isEqualTo(21000);
        assertThat(m.pieceCount()).isEqualTo(3); // 36384 bytes with the pad
        TorrentSummary s = m.summary();
        assertThat(s.totalSize()).isEqualTo(21000);
        assertThat(s.files()).extracting(TorrentSummary.FileEntry::path).containsExactly("t/a.bin", "t/b.bin");
        assertThat(s.pieceCount()).isEqualTo(3);
    }

    @Test
    void attrIsAFlagString() {
        Metainfo m = MetainfoParser.parseTorrent(v1(List.of(
                new Object[] {"x", 10, "x"},
                new Object[] {"hidden-pad", 100, "hp"},
                new Object[] {"y", 10, ""})));
        assertThat(m.files()).extracting(TorrentFile::pad).containsExactly(false, true, false);
    }

    @Test
    void padFilesMayShareAPath() {
        Metainfo m = MetainfoParser.parseTorrent(v1(List.of(
                new Object[] {"a", 100},
                new Object[] {".pad/16284", 16284, "p"},
                new Object[] {"b", 100},
                new Object[] {".pad/16284", 16284, "p"},
                new Object[] {"c", 100})));
        assertThat(m.files()).hasSize(5);
        assertThat(m.summary().files()).hasSize(3);
    }

    @Test
    void padFilePathsMustStillBeSafe() {
        assertRejected(v1(List.of(new Object[] {"a", 100}, new Object[] {"../pad", 16284, "p"}, new Object[] {"b", 1})),
                "info.files[1].path: path element '..' is a relative directory reference");
    }

    @Test
    void bitCometPaddingFilesAreRecognisedByName() {
        Metainfo m = MetainfoParser.parseTorrent(v1(List.of(
                new Object[] {"a", 100},
                new Object[] {"_____padding_file_0_if you see this file, please update to BitComet 0.85 or above____", 16284},
                new Object[] {"b", 100})));
        assertThat(m.files()).extracting(TorrentFile::pad).containsExactly(false, true, false);
        assertThat(m.totalSize()).isEqualTo(200);
    }

    @Test
    void aSingleFileCannotBeAPad() {
        BDict t = new Builder(Kind.V1).single(bytes(1, 10)).torrent();
        assertRejected(withInfo(t, "attr", BString.of("p")), "info.attr marks the only file as a pad file");
    }

    @Test
    void hybridAlignsFilesWithPads() {
        byte[] a = bytes(2, 3 * PIECE + 1);
        byte[] b = bytes(3, 10);
        byte[] c = bytes(4, 2 * PIECE);
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.HYBRID).name("h").pieceLength(PIECE)
                .file("a", a).file("b", b).file("c", c).file("d", bytes(5, 1)).build());
        assertThat(m.files()).extracting(TorrentFile::joinedPath)
                .containsExactly("h/a", "h/.pad/16383", "h/b", "h/.pad/16374", "h/c", "h/d");
        assertThat(m.files()).extracting(TorrentFile::offset)
                .containsExactly(0L, 3L * PIECE + 1, 4L * PIECE, 4L * PIECE + 10, 5L * PIECE, 7L * PIECE);
        assertThat(m.pieceCount()).isEqualTo(8);
        assertThat(m.totalSize()).isEqualTo(a.length + b.length + c.length + 1);
        assertThat(m.summary().files()).hasSize(4);
        assertThat(m.files().stream().filter(f -> !f.pad()).allMatch(f -> f.piecesRoot() != null)).isTrue();
    }

    @Test
    void hybridMayEndWithAPad() {
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.HYBRID).name("h").pieceLength(PIECE)
                .file("a", bytes(6, 100)).file("b", bytes(7, 100)).trailingPad().build());
        assertThat(m.files()).extracting(TorrentFile::pad).containsExactly(false, true, false, true);
        assertThat(m.pieceCount()).isEqualTo(2);
        assertThat(m.totalSize()).isEqualTo(200);
    }

    @Test
    void emptyFilesNeedNoAlignmentInAHybrid() {
        Metainfo m = MetainfoParser.parseTorrent(new Builder(Kind.HYBRID).name("h").pieceLength(PIECE)
                .file("a", bytes(8, 100)).file("b", new byte[0]).file("c", bytes(9, 5)).build());
        // the pad follows 'a'; the empty 'b' sits after it at the aligned offset, 'c' shares it
        assertThat(m.files()).extracting(TorrentFile::joinedPath).containsExactly("h/a", "h/.pad/16284", "h/b", "h/c");
        assertThat(m.files().get(2).offset()).isEqualTo(PIECE);
    }
}
