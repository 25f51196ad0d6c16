package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.metainfo.CreateOptions;
import io.lodestone.metainfo.Metainfo;
import io.lodestone.metainfo.MetainfoParser;
import io.lodestone.metainfo.TorrentCreator;
import io.lodestone.metainfo.TorrentFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent whose paths would leave the download directory is refused before anything is
 * written. The metainfo parser already rejects such names; these torrents bypass it (as a future
 * parser bug would) to show the store refuses them too.
 */
class PathSafetyTest {

    @Test
    void dotDotComponentsAreRefused(@TempDir Path tmp) throws Exception {
        assertRefused(tmp, List.of("..", "escape.bin"));
    }

    @Test
    void absolutePathsAreRefused(@TempDir Path tmp) throws Exception {
        assertRefused(tmp, List.of(tmp.resolve("outside").resolve("abs.bin").toString()));
    }

    @Test
    void aSymbolicLinkOutOfTheDirectoryIsNotFollowed(@TempDir Path tmp) throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path dir = Files.createDirectories(tmp.resolve("dl"));
        Files.createSymbolicLink(dir.resolve("linked"), outside);
        assertRefused(tmp, List.of("linked", "through-link.bin"));
    }

    private static void assertRefused(Path tmp, List<String> evilPath) throws Exception {
        Path src = tmp.resolve("src");
        Content.write(src.resolve("one.bin"), 40_000, new SplittableRandom(1));
        Metainfo good = MetainfoParser.parseTorrent(TorrentCreator.create(src.resolve("one.bin"),
                CreateOptions.defaults().withFormat(CreateOptions.Format.V1).withPieceLength(16 * 1024)));
        TorrentFile f = good.files().getFirst();
        Metainfo evil = new Metainfo(good.infoBytes(), good.infoHashV1(), null, good.name(), good.pieceLength(),
                good.pieceCount(), false, good.version(), List.of(new TorrentFile(evilPath, f.size(), false, null, 0)),
                List.of(), List.of(), java.util.Map.of(), good.v1Pieces(), null, null, null);
        Path dir = Files.createDirectories(tmp.resolve("dl"));
        Files.createDirectories(tmp.resolve("outside"));
        try (TestClient client = TestClient.start(List.of())) {
            Download d = client.download(new DownloadRequest(null, evil, dir, List.of(), List.of(), false,
                    Duration.ofSeconds(10)));
            DownloadOutcome o = d.start().get(20, TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(DownloadOutcome.BadInput.class);
        }
        assertThat(Files.exists(tmp.resolve("escape.bin"))).isFalse();
        assertThat(Checksums.countFiles(tmp.resolve("outside"))).isZero();
        assertThat(Checksums.countFiles(dir)).isZero();
    }
}
