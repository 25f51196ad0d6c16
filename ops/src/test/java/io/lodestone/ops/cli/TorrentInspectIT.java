package io.lodestone.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.index.json.TorrentJson;
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
import tools.jackson.databind.JsonNode;

/**
 * Torrents made by libtorrent, read by {@code lodestone torrent inspect --json}: every field of the
 * contract must agree with what libtorrent itself says about the same file.
 */
class TorrentInspectIT {

    @TempDir
    static Path dir;
    static Path single;
    static Path tree;

    @BeforeAll
    static void content() throws Exception {
        single = TestContent.singleFile(dir.resolve("single"), "Ünïcödé single ✓.bin", 3_300_001, 11);
        tree = TestContent.tree(dir.resolve("multi"), "tree Ünïcödé ✓", 21);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String format : List.of("v1", "v2", "hybrid")) {
            for (String layout : List.of("single", "multi")) {
                for (int pieceLength : List.of(16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20)) {
                    cases.add(Arguments.of(format, layout, pieceLength, false));
                }
            }
            cases.add(Arguments.of(format, "multi", 32 << 10, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} piece {2} private {3}")
    @MethodSource("matrix")
    void inspectAgreesWithLibtorrent(String format, String layout, int pieceLength, boolean isPrivate) throws Exception {
        Libtorrent lt = Libtorrent.require();
        Path content = layout.equals("single") ? single : tree;
        Path out = dir.resolve(format + "-" + layout + "-" + pieceLength + (isPrivate ? "-private" : "") + ".torrent");
        TorrentView view = lt.create(content, out, format, pieceLength, isPrivate);

        CliRun run = CliRun.of("torrent", "inspect", out.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertAgrees(TorrentJson.MAPPER.readTree(run.out()), view);
    }

    /** Field by field against libtorrent's view; the v2-only info-hash is the truncated v2 one. */
    static void assertAgrees(JsonNode ours, TorrentView lt) {
        String expectedHash = lt.infoHash() != null ? lt.infoHash() : lt.infoHashV2().substring(0, 40);
        assertThat(ours.get("infoHash").asString()).isEqualTo(expectedHash);
        if (lt.infoHashV2() == null) {
            assertThat(ours.get("infoHashV2").isNull()).isTrue();
        } else {
            assertThat(ours.get("infoHashV2").asString()).isEqualTo(lt.infoHashV2());
        }
        assertThat(ours.get("name").asString()).isEqualTo(lt.name());
        assertThat(ours.get("totalSize").asLong()).isEqualTo(lt.totalSize());
        assertThat(ours.get("pieceLength").asLong()).isEqualTo(lt.pieceLength());
        assertThat(ours.get("pieceCount").asLong()).isEqualTo(lt.pieceCount());
        assertThat(ours.get("private").asBoolean()).isEqualTo(lt.isPrivate());
        assertThat(ours.get("version").asString()).isEqualTo(lt.version());
        List<String> ourFiles = ours.get("files").valueStream()
                .map(f -> f.get("path").asString() + " " + f.get("size").asLong()).toList();
        List<String> ltFiles = lt.files().stream().map(f -> f.path() + " " + f.size()).toList();
        assertThat(ourFiles).containsExactlyElementsOf(ltFiles);
    }
}
