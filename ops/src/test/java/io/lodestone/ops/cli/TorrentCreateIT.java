package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
import io.lodestone.interop.CheckResult;
import io.lodestone.interop.Libtorrent;
import io.lodestone.interop.TorrentView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Torrents made by {@code lodestone torrent create}, checked by libtorrent against the content. */
class TorrentCreateIT {

    @TempDir
    static Path dir;
    static Path single;
    static Path tree;

    @BeforeAll
    static void content() throws Exception {
        single = TestContent.singleFile(dir.resolve("single"), "one file ✓.bin", 2_500_000, 31);
        tree = TestContent.tree(dir.resolve("multi"), "album Ünïcödé", 41);
    }

    @ParameterizedTest(name = "piece {0}")
    @ValueSource(ints = {16 << 10, 32 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20})
    void v1SingleFileHasLibtorrentsInfoHash(int pieceLength) throws Exception {
        Libtorrent lt = Libtorrent.require();
        TorrentView theirs = lt.create(single, dir.resolve("lt-v1-" + pieceLength + ".torrent"), "v1", pieceLength);
        Path ours = dir.resolve("ours-v1-" + pieceLength + ".torrent");
        CliRun made = CliRun.of("torrent", "create", single.toString(), "-o", ours.toString(),
                "--format", "v1", "--piece-length", Integer.toString(pieceLength));
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(lt.info(ours).infoHash()).isEqualTo(theirs.infoHash());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String format : List.of("v1", "v2", "hybrid")) {
            for (String layout : List.of("single", "multi")) {
                for (int pieceLength : List.of(16 << 10, 256 << 10, 2 << 20)) {
                    cases.add(Arguments.of(format, layout, pieceLength));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} piece {2}")
    @MethodSource("matrix")
    void libtorrentLoadsOurTorrentAndFindsEveryPieceValid(String format, String layout, int pieceLength) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path content = layout.equals("single") ? single : tree;
        Path ours = dir.resolve("ours-" + format + "-" + layout + "-" + pieceLength + ".torrent");
        CliRun made = CliRun.of("torrent", "create", content.toString(), "-o", ours.toString(),
                "--format", format, "--piece-length", Integer.toString(pieceLength), "--tracker", "http://127.0.0.1:6969/announce");
        assertThat(made.code()).as(made.err()).isZero();

        CheckResult check = lt.check(ours, content.getParent());
        assertThat(check.errors()).isEmpty();
        assertThat(check.piecesHave()).isEqualTo(check.numPieces());
        assertThat(check.isSeed()).isTrue();

        // and libtorrent reads it the way we do
        CliRun inspected = CliRun.of("torrent", "inspect", ours.toString(), "--json");
        TorrentInspectIT.assertAgrees(TorrentJson.MAPPER.readTree(inspected.out()), lt.info(ours));
        assertThat(lt.info(ours).trackers()).containsExactly("http://127.0.0.1:6969/announce");
    }
}
