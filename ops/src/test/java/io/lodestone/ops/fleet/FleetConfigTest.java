package io.lodestone.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.types.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

    @Test
    void defaultsAreTheSingleProcessWithThreeBrokerSettings() {
        FleetConfig c = FleetConfig.defaults();
        assertThat(c.enabled()).isFalse();
        assertThat(c.role()).isEqualTo(FleetConfig.Role.ALL);
        assertThat(c.replicationFactor()).isEqualTo(3);
        assertThat(c.minInsyncReplicas()).isEqualTo(2);
        assertThat(c.catalogTopic()).isEqualTo("lodestone.catalog");
        assertThat(c.startSpreadSeconds()).isEqualTo(10);
    }

    @Test
    void aSplitRoleNeedsKafkaAndSaneNumbers() {
        assertThatThrownBy(() -> FleetConfig.defaults().withRole(FleetConfig.Role.CRAWL))
                .hasMessageContaining("needs a Kafka cluster");
        FleetConfig k = FleetConfig.defaults().withBootstrap(List.of(HostPort.parse("127.0.0.1:9092")));
        assertThat(k.withRole(FleetConfig.Role.INDEX).crawls()).isFalse();
        assertThat(k.withRole(FleetConfig.Role.CRAWL).indexes()).isFalse();
        assertThat(k.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThatThrownBy(() -> new FleetConfig(FleetConfig.Role.ALL, List.of(), 2, 3, "x.", 1, 1, 0))
                .hasMessageContaining("min-insync-replicas");
        assertThatThrownBy(() -> new FleetConfig(FleetConfig.Role.ALL, List.of(), 3, 2, "bad prefix", 1, 1, 0))
                .hasMessageContaining("topic-prefix");
        assertThatThrownBy(() -> new FleetConfig(FleetConfig.Role.ALL, List.of(), 3, 2, "x.", 1, 1, -1))
                .hasMessageContaining("start-spread-seconds");
    }
}
