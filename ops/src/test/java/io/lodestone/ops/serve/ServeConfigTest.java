package io.lodestone.ops.serve;

import io.lodestone.wire.mse.EncryptionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.ops.cli.BadInputException;
import io.lodestone.crawler.CrawlProfile;
import io.lodestone.types.HostPort;
import io.lodestone.wire.MetadataMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeConfigTest {

    @Test
    void defaultsAreTheDesignsDefaults() {
        ServeConfig c = ServeConfig.defaults();
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.http()).isEqualTo(ServeConfig.defaults().http().withAddress("127.0.0.1", 8080));
        assertThat(c.dht().bootstrap()).isEmpty();
        assertThat(c.dht().allowPrivate()).isFalse();
        assertThat(c.resolver().maxMetadataSize()).isEqualTo(MetadataMessage.DEFAULT_MAX_METADATA_SIZE);
        assertThat(c.crawler().profile()).isEqualTo(CrawlProfile.HOME);
        assertThat(c.crawler().home()).isEqualTo(CrawlProfile.HOME.tuning());
        assertThat(c.crawler().server()).isEqualTo(CrawlProfile.SERVER.tuning());
        assertThat(c.crawlTuning()).as("no overrides: the home profile as shipped").isEqualTo(CrawlProfile.HOME.tuning());
        // beside the data dir, never inside it: a torrent must not be able to write over the index
        assertThat(c.downloadDir()).isEqualTo(Path.of("./downloads"));
        assertThat(c.withDataDir(Path.of("/srv/lode/data")).downloadDir()).isEqualTo(Path.of("/srv/lode/downloads"));
        assertThat(c.downloads().maxRunning()).isEqualTo(32);
        assertThat(c.index().maxMapSizeBytes()).isEqualTo(1L << 40);
        assertThat(c.scrape()).isEqualTo(io.lodestone.crawler.scrape.ScrapeConfig.defaults());
    }

    @Test
    void everyKeyOfTheDefaultFileHasACommentAbove() {
        String[] lines = ServeConfigLoader.defaultText().split("\n");
        Pattern key = Pattern.compile("^\\s*([a-z-]+):.*");
        int keys = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = key.matcher(lines[i]);
            if (m.matches()) {
                keys++;
                boolean section = lines[i].trim().endsWith(":");
                assertThat(section || lines[i - 1].trim().startsWith("#"))
                        .as("comment above '%s'", m.group(1)).isTrue();
            }
        }
        assertThat(keys).isEqualTo(78);
    }

    @Test
    void aFileOverridesOnlyWhatItStates(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                http:
                  port: 9090
                dht:
                  nodes: 3
                  bootstrap: ["127.0.0.2:41000", "router.example:6881"]
                  allow-private: true
                crawler:
                  resolve-timeout-seconds: 20
                """);
        ServeConfig c = ServeConfigLoader.load(f);
        assertThat(c.http()).isEqualTo(ServeConfig.defaults().http().withAddress("127.0.0.1", 9090));
        assertThat(c.dht().nodes()).isEqualTo(3);
        assertThat(c.dht().port()).isEqualTo(6881);
        assertThat(c.dht().bootstrap()).containsExactly(HostPort.parse("127.0.0.2:41000"),
                HostPort.parse("router.example:6881"));
        assertThat(c.dht().allowPrivate()).isTrue();
        assertThat(c.crawler().resolveTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.crawler().resolveConcurrency()).isEqualTo(ServeConfig.defaults().crawler().resolveConcurrency());
        assertThat(c.crawlTuning().resolveTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theProfileChoosesItsKnobsAndAFileMayRetuneEither(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                crawler:
                  profile: server
                  server:
                    max-connections: 300
                resolver:
                  max-connections: 0
                """);
        ServeConfig c = ServeConfigLoader.load(f);
        assertThat(c.crawlTuning().maxConnections()).isEqualTo(300);
        assertThat(c.crawlTuning().resolveConcurrency()).isEqualTo(CrawlProfile.SERVER.tuning().resolveConcurrency());
        assertThat(c.crawler().home()).isEqualTo(CrawlProfile.HOME.tuning());
        Files.writeString(f, "resolver:\n  max-connections: 20\n");
        assertThat(ServeConfigLoader.load(f).crawlTuning().maxConnections()).isEqualTo(20);
    }

    @Test
    void anEmptyFileIsTheDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "# nothing\n");
        assertThat(ServeConfigLoader.load(f)).isEqualTo(ServeConfig.defaults());
    }

    @Test
    void badFilesAreOneLineErrorsNamingTheKey(@TempDir Path dir) throws Exception {
        for (var c : List.of(
                List.of("http:\n  prot: 1\n", "'http.prot'"),
                List.of("colour: blue\n", "'colour'"),
                List.of("http:\n  port: 70000\n", "'http.port' must be between 0 and 65535"),
                List.of("http:\n  port: eighty\n", "'http.port' must be a whole number"),
                List.of("dht: [1, 2]\n", "'dht' must be a mapping"),
                List.of("dht:\n  allow-private: yes please\n", "'dht.allow-private' must be true or false"),
                List.of("dht:\n  bootstrap: [\"no-port\"]\n", "'dht.bootstrap'"),
                List.of("dht:\n  nodes: 0\n", "'dht.nodes'"),
                List.of("crawler:\n  profile: office\n", "'crawler.profile' must be home or server"),
                List.of("crawler:\n  home:\n    lookup-rounds: 0\n", "'crawler.home.lookup-rounds'"),
                List.of("crawler:\n  server:\n    colour: 1\n", "'crawler.server.colour'"),
                List.of("http: {port: [\n", "not valid YAML"),
                List.of("- a\n- b\n", "the document must be a mapping"))) {
            Path f = dir.resolve("bad.yaml");
            Files.writeString(f, c.get(0));
            assertThatThrownBy(() -> ServeConfigLoader.load(f)).as(c.get(0))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(c.get(1))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> ServeConfigLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such file");
    }

    @Test
    void encryptionKeysTakeTheThreePoliciesAndRefuseOthers(@TempDir Path dir) throws Exception {
        assertThat(ServeConfig.defaults().resolver().encryption()).isEqualTo(EncryptionPolicy.PREFER);
        assertThat(ServeConfig.defaults().downloads().encryption()).isEqualTo(EncryptionPolicy.PREFER);
        Path f = dir.resolve("e.yaml");
        Files.writeString(f, """
                resolver:
                  encryption: require
                downloads:
                  encryption: Disable
                """);
        ServeConfig c = ServeConfigLoader.load(f);
        assertThat(c.resolver().encryption()).isEqualTo(EncryptionPolicy.REQUIRE);
        assertThat(c.downloads().encryption()).isEqualTo(EncryptionPolicy.DISABLE);
        Files.writeString(f, "downloads:\n  encryption: sometimes\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeConfigLoader.load(f))
                .hasMessageContaining("encryption").hasMessageContaining("prefer, require, disable");
    }
}
