package io.lodestone.client.storage;

import io.lodestone.metainfo.CreateOptions.Format;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.TorrentFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile file lists never create anything. The parser already refuses these paths; the store
 * checks again because a Metainfo can be built by hand, so these tests build them by hand.
 */
class SafePathsTest {

    @TempDir
    Path tmp;

    /** A valid multi-file torrent with one file's path (after the torrent name) replaced. */
    private Metainfo withPath(Metainfo m, int file, List<String> path) {
        List<TorrentFile> files = new ArrayList<>(m.files());
        TorrentFile f = files.get(file);
        files.set(file, new TorrentFile(path, f.size(), f.pad(), f.piecesRoot(), f.offset()));
        return new Metainfo(m.infoBytes(), m.infoHashV1(), m.infoHashV2(), m.name(), m.pieceLength(), m.pieceCount(),
                m.isPrivate(), m.version(), files, m.trackers(), m.webSeeds(), m.pieceLayers(), m.v1Pieces(),
                m.comment(), m.createdBy(), m.creationDate());
    }

    private List<Path> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..|..|escaped", "..", "payload|..|..|escaped", "/etc/passwd", "payload|/abs", "C:evil",
            "payload|c:\\windows", "payload|a\\..\\..\\b", "payload|", ".|x", "payload|ok\u0000.txt", "payload|\u202egpj.exe"})
    void hostilePathsAreRefusedBeforeAnythingIsCreated(String hostile) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp.resolve("src"), Format.V1, 16_384, StorageFixture.awkwardFiles(), 1);
        Path sandbox = Files.createDirectories(tmp.resolve("sandbox"));
        Path download = sandbox.resolve("download");
        List<Path> before = everythingUnder(tmp);
        // put the hostile file last, so that a store creating files as it checked would leave the others behind
        Metainfo m = withPath(fx.metainfo(), fx.metainfo().files().size() - 1, Arrays.asList(hostile.split("\\|", -1)));

        assertThatThrownBy(() -> PieceStore.open(m, download, StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class);
        assertThat(everythingUnder(tmp)).as("nothing created anywhere").isEqualTo(before);
    }

    @Test
    void collidingPathsAreRefused() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp.resolve("src"), Format.V1, 16_384, StorageFixture.awkwardFiles(), 1);
        Metainfo m = withPath(fx.metainfo(), 4, fx.metainfo().files().getFirst().path());
        assertThatThrownBy(() -> PieceStore.open(m, tmp.resolve("download"), StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class);
        assertThat(tmp.resolve("download")).doesNotExist();
    }

    @Test
    void symbolicLinksInsideTheTargetAreNotFollowed() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp.resolve("src"), Format.V1, 16_384, StorageFixture.awkwardFiles(), 1);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path download = Files.createDirectories(tmp.resolve("download"));
        try {
            Files.createSymbolicLink(download.resolve(fx.metainfo().name()), outside);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }
        assertThatThrownBy(() -> PieceStore.open(fx.metainfo(), download, StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("symbolic link");
        assertThat(everythingUnder(outside)).containsExactly(outside);
    }

    @Test
    void aLinkPlantedAtAFileIsNotWrittenThrough() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp.resolve("src"), Format.V1, 16_384, 40_000, 1);
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Path download = Files.createDirectories(tmp.resolve("download"));
        try {
            Files.createSymbolicLink(download.resolve(fx.metainfo().name()), victim);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }
        assertThatThrownBy(() -> PieceStore.open(fx.metainfo(), download, StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class);
        assertThat(victim).hasContent("keep me");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payload|CON", "payload|nul.txt", "payload|Com1.log", "payload|lpt9", "payload|aux.tar.gz",
            "payload|trailing.", "payload|trailing ", "PRN|x"})
    void windowsReservedNamesAreRefused(String hostile) throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp.resolve("src"), Format.V1, 16_384, StorageFixture.awkwardFiles(), 1);
        Metainfo m = withPath(fx.metainfo(), fx.metainfo().files().size() - 1, Arrays.asList(hostile.split("\\|", -1)));
        assertThatThrownBy(() -> PieceStore.open(m, tmp.resolve("download"), StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class);
        assertThat(tmp.resolve("download")).doesNotExist();
    }

    @Test
    void namesLikeReservedOnesButLongerAreFine() {
        assertThat(FileTree.windowsProblem("console.txt")).isNull();
        assertThat(FileTree.windowsProblem("COM10")).isNull();
        assertThat(FileTree.windowsProblem("nullable")).isNull();
        assertThat(FileTree.windowsProblem(".hidden")).isNull();
    }

    @Test
    void pathsDifferingOnlyInCaseOrUnicodeFormAreRefused() throws IOException {
        StorageFixture fx = StorageFixture.multi(tmp.resolve("src"), Format.V1, 16_384, StorageFixture.awkwardFiles(), 1);
        List<String> first = fx.metainfo().files().getFirst().path();
        List<String> upper = first.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList();
        Metainfo m = withPath(fx.metainfo(), fx.metainfo().files().size() - 1, upper);
        assertThatThrownBy(() -> PieceStore.open(m, tmp.resolve("download"), StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("only in case");
        Metainfo nfc = withPath(fx.metainfo(), 0, List.of(first.getFirst(), "caf\u00e9"));
        Metainfo both = withPath(nfc, fx.metainfo().files().size() - 1, List.of(first.getFirst(), "cafe\u0301"));
        assertThatThrownBy(() -> PieceStore.open(both, tmp.resolve("download"), StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class);
        assertThat(tmp.resolve("download")).doesNotExist();
    }

    @Test
    void aHardLinkPlantedAtAFileIsNotWrittenThrough() throws IOException {
        StorageFixture fx = StorageFixture.single(tmp.resolve("src"), Format.V1, 16_384, 40_000, 1);
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        Path download = Files.createDirectories(tmp.resolve("download"));
        try {
            Files.createLink(download.resolve(fx.metainfo().name()), victim);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no hard links here: " + e);
        }
        assertThatThrownBy(() -> PieceStore.open(fx.metainfo(), download, StorageConfig.defaults()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("hard links");
        assertThat(victim).hasContent("keep me");
    }
}
