package io.lodestone.ops.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.ops.cli.BadInputException;
import io.lodestone.ops.fleet.FleetConfig;
import io.lodestone.types.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The fleet's config keys ({@code role:}, {@code kafka:}) and serve's {@code --role} and {@code --kafka}. */
class FleetYamlTest {

    @Test
    void withoutKafkaTheDefaultIsTheSingleProcess() {
        assertThat(ServeConfig.defaults().fleet()).isEqualTo(FleetConfig.defaults());
        assertThat(ServeConfig.defaults().fleet().enabled()).isFalse();
    }

    @Test
    void aFileSetsTheRoleAndTheCluster(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "role: index\nkafka:\n  bootstrap: [127.0.0.1:9092, 127.0.0.1:9093]\n"
                + "  replication-factor: 1\n  min-insync-replicas: 1\n  topic-prefix: t.\n  start-spread-seconds: 0\n");
        FleetConfig c = ServeConfigLoader.load(f).fleet();
        assertThat(c.role()).isEqualTo(FleetConfig.Role.INDEX);
        assertThat(c.bootstrap()).containsExactly(HostPort.parse("127.0.0.1:9092"), HostPort.parse("127.0.0.1:9093"));
        assertThat(c.replicationFactor()).isEqualTo(1);
        assertThat(c.catalogTopic()).isEqualTo("t.catalog");
        assertThat(c.harvestPartitions()).isEqualTo(FleetConfig.defaults().harvestPartitions());
        assertThat(c.startSpreadSeconds()).isZero();
    }

    @Test
    void badFleetKeysAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "role: crawl\n");
        assertThatThrownBy(() -> ServeConfigLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("needs a Kafka cluster");
        Files.writeString(f, "role: both\n");
        assertThatThrownBy(() -> ServeConfigLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("role");
        Files.writeString(f, "kafka:\n  brokers: []\n");
        assertThatThrownBy(() -> ServeConfigLoader.load(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("kafka.brokers");
    }

    @Test
    void theCommandLineOverridesTheFile() throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--role", "crawl", "--kafka", "127.0.0.1:9092,127.0.0.1:9093");
        FleetConfig c = cmd.effectiveConfig().fleet();
        assertThat(c.role()).isEqualTo(FleetConfig.Role.CRAWL);
        assertThat(c.bootstrap()).hasSize(2);

        ServeCommand bad = new ServeCommand();
        new CommandLine(bad).parseArgs("--role", "index");
        assertThatThrownBy(bad::effectiveConfig).isInstanceOf(BadInputException.class)
                .hasMessageContaining("needs a Kafka cluster");
        ServeCommand unknown = new ServeCommand();
        new CommandLine(unknown).parseArgs("--role", "everything", "--kafka", "127.0.0.1:9092");
        assertThatThrownBy(unknown::effectiveConfig).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--role must be crawl, index or all");
    }
}
