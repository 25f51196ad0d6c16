package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lodestone.client.DownloadManager;
import io.lodestone.client.DownloadState;
import io.lodestone.client.DownloadStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDownloadManagerTest {

    private static final String NOBODY_HAS = "0123456789abcdef0123456789abcdef01234567";
    private static final String NOBODY_HAS_2 = "magnet:?xt=urn:btih:1123456789abcdef0123456789abcdef01234567";
    private static final String NOBODY_HAS_3 = "magnet:?xt=urn:btih:2123456789abcdef0123456789abcdef01234567&dn=three";

    /** A UDP "tracker" that never answers: a resolution asking it stays open for tens of seconds. */
    private static String silentTracker(java.net.DatagramSocket s) {
        return "&tr=udp%3A%2F%2F127.0.0.1%3A" + s.getLocalPort() + "%2Fannounce";
    }

    private static java.net.DatagramSocket silent() throws java.net.SocketException {
        return new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0));
    }

    private static DownloadsConfig config(Path dir, Duration timeout) {
        return DownloadsConfig.defaults(dir.resolve("downloads"), dir.resolve("data").resolve("downloads"))
                .withTimeout(timeout, false).withQuota(32, 0, 0);
    }

    private static LocalDownloadManager manager(TestClient client, DownloadsConfig c, Path dir) throws Exception {
        return new LocalDownloadManager(client.services(), c, dir.resolve("data"));
    }

    @Test
    void badUrisAreRefusedAndUnknownIdsAreEmpty(@TempDir Path dir) throws Exception {
        try (TestClient client = TestClient.start(List.of());
             LocalDownloadManager m = manager(client, config(dir, Duration.ofSeconds(5)), dir)) {
            assertThatThrownBy(() -> m.start("not a magnet")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.start("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
            assertThat(m.status("nope")).isEmpty();
            assertThat(m.cancel("nope")).isFalse();
        }
    }

    @Test
    void aMagnetNobodyHasFailsWhenItsTimeRunsOutAndCanBeCancelled(@TempDir Path dir) throws Exception {
        try (TestClient client = TestClient.start(List.of());
             LocalDownloadManager m = manager(client, config(dir, Duration.ofSeconds(2)), dir)) {
            String id = m.start(NOBODY_HAS);
            assertThat(m.status(id)).map(DownloadStatus::state).contains(DownloadState.RESOLVING);
            assertThat(dir.resolve("downloads").resolve(id)).as("its own folder").isDirectory();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(m.status(id)).map(DownloadStatus::state).contains(DownloadState.FAILED));
            assertThat(m.status(id).orElseThrow().error()).contains("no metadata");
            String other = m.start(NOBODY_HAS_2);
            assertThat(other).isNotEqualTo(id);
            assertThat(m.all()).hasSize(2);
            assertThat(m.cancel(other)).isTrue();
            assertThat(m.status(other)).isEmpty();
        }
    }

    @Test
    void tooManyDownloadsAreRefusedWithTheirOwnException(@TempDir Path dir) throws Exception {
        DownloadsConfig two = config(dir, Duration.ofMinutes(5)).withQuota(2, 0, 0);
        try (TestClient client = TestClient.start(List.of());
             java.net.DatagramSocket tracker = silent();
             LocalDownloadManager m = manager(client, two, dir)) {
            m.start(NOBODY_HAS_2.replace("11234", "31234") + silentTracker(tracker));
            String second = m.start(NOBODY_HAS_2 + silentTracker(tracker));
            assertThatThrownBy(() -> m.start(NOBODY_HAS_3))
                    .isInstanceOf(DownloadManager.TooManyDownloadsException.class).hasMessageContaining("2 downloads");
            m.cancel(second);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(m.start(NOBODY_HAS_3)).isNotNull());
        }
    }

    @Test
    void theDownloadDirectoryMayNotOverlapTheDataDirectory(@TempDir Path dir) throws Exception {
        try (TestClient client = TestClient.start(List.of())) {
            for (Path downloads : List.of(dir.resolve("data"), dir.resolve("data").resolve("dl"), dir)) {
                DownloadsConfig c = DownloadsConfig.defaults(downloads, null);
                assertThatThrownBy(() -> new LocalDownloadManager(client.services(), c, dir.resolve("data")))
                        .as(downloads.toString()).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("overlaps the data directory");
            }
        }
    }

    @Test
    void theListSurvivesARestartAndCancelledDownloadsLeaveIt(@TempDir Path dir) throws Exception {
        DownloadsConfig c = config(dir, Duration.ofMinutes(5));
        String a;
        String b;
        try (TestClient client = TestClient.start(List.of()); java.net.DatagramSocket tracker = silent()) {
            try (LocalDownloadManager m = manager(client, c, dir)) {
                a = m.start(NOBODY_HAS_2.replace("11234", "41234") + silentTracker(tracker));
                b = m.start(NOBODY_HAS_3 + silentTracker(tracker));
                String gone = m.start(NOBODY_HAS_2);
                assertThat(m.cancel(gone)).isTrue();
            } // a shutdown: the list keeps what ran
            List<String> lines = Files.readAllLines(c.stateDir().resolve(DownloadList.FILE));
            assertThat(lines).hasSize(2).anySatisfy(l -> assertThat(l).startsWith(a + " active magnet:?xt=urn:btih:"))
                    .anySatisfy(l -> assertThat(l).startsWith(b + " active magnet:").contains("dn=three"));
            try (LocalDownloadManager again = manager(client, c, dir)) {
                assertThat(again.resumeAll()).isEqualTo(2);
                assertThat(again.all()).extracting(DownloadStatus::id).containsExactlyInAnyOrder(a, b);
                assertThat(again.status(b).orElseThrow().name()).isEqualTo("three");
                again.cancel(a);
                assertThat(Files.readAllLines(c.stateDir().resolve(DownloadList.FILE))).hasSize(1);
            }
        }
    }

    @Test
    void quotasRefuseWhatWouldNotFit(@TempDir Path dir) {
        DownloadQuota q = new DownloadQuota(1000, 100, p -> 600);
        assertThat(q.admit("a", 400, dir.resolve("a"))).isNull();
        assertThat(q.admit("b", 700, dir.resolve("b"))).contains("over the download quota");
        assertThat(q.admit("b", 550, dir.resolve("b"))).contains("not enough disk space");
        assertThat(q.admit("b", 500, dir.resolve("b"))).isNull();
        assertThat(q.reserved()).isEqualTo(900);
        q.release("a");
        assertThat(q.reserved()).isEqualTo(500);
    }

    @Test
    void bytesAlreadyOnDiskDoNotCountTwice(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("f"));
        Files.write(folder.resolve("part"), new byte[300]);
        DownloadQuota q = new DownloadQuota(0, 100, p -> 250);
        assertThat(q.admit("f", 400, folder)).as("100 more bytes needed, 150 stay free").isNull();
        assertThat(q.admit("g", 400, dir.resolve("g"))).contains("not enough disk space");
    }
}
