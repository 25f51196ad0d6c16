package io.lodestone.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lodestone.client.DownloadState;
import io.lodestone.client.DownloadStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDownloadManagerTest {

    @Test
    void badUrisAreRefusedAndUnknownIdsAreEmpty(@TempDir Path dir) throws Exception {
        try (TestClient client = TestClient.start(List.of());
             LocalDownloadManager m = new LocalDownloadManager(client.services(), dir, Duration.ofSeconds(5), false)) {
            assertThatThrownBy(() -> m.start("not a magnet")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.start("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
            assertThat(m.status("nope")).isEmpty();
            assertThat(m.cancel("nope")).isFalse();
        }
    }

    @Test
    void aMagnetNobodyHasFailsWhenItsTimeRunsOutAndCanBeCancelled(@TempDir Path dir) throws Exception {
        try (TestClient client = TestClient.start(List.of());
             LocalDownloadManager m = new LocalDownloadManager(client.services(), dir, Duration.ofSeconds(2), false)) {
            String id = m.start("0123456789abcdef0123456789abcdef01234567");
            assertThat(m.status(id)).map(DownloadStatus::state).contains(DownloadState.RESOLVING);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(m.status(id)).map(DownloadStatus::state).contains(DownloadState.FAILED));
            assertThat(m.status(id).orElseThrow().error()).contains("no metadata");
            String other = m.start("magnet:?xt=urn:btih:1123456789abcdef0123456789abcdef01234567");
            assertThat(m.all()).hasSize(2);
            assertThat(m.cancel(other)).isTrue();
            assertThat(m.status(other)).isEmpty();
        }
    }
}
