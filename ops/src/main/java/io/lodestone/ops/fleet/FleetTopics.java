package io.lodestone.ops.fleet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the fleet's topics when missing, with the replication and ISR the config asks for. */
final class FleetTopics {

    /** The harvest is work to share, not a record: an hour of it is plenty. */
    static final long HARVEST_RETENTION_MS = 3_600_000;
    static final long CREATE_WAIT_SECONDS = 60;

    private FleetTopics() {
    }

    private static KafkaUnavailableException unavailable(NewTopic t, FleetConfig c, Throwable cause) {
        return new KafkaUnavailableException("Kafka at " + c.bootstrapServers() + " did not create topic " + t.name()
                + " within " + CREATE_WAIT_SECONDS + " s: is it running and reachable there?", cause);
    }

    static void ensure(Admin admin, FleetConfig c) throws IOException {
        String isr = Integer.toString(c.minInsyncReplicas());
        short rf = (short) c.replicationFactor();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        List<NewTopic> topics = List.of(
                new NewTopic(c.catalogTopic(), c.catalogPartitions(), rf).configs(compacted),
                new NewTopic(c.blocksTopic(), 1, rf).configs(compacted),
                new NewTopic(c.harvestTopic(), c.harvestPartitions(), rf).configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(HARVEST_RETENTION_MS),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr,
                        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false")));
        for (NewTopic t : topics) {
            try {
                admin.createTopics(List.of(t)).all().get(CREATE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw unavailable(t, c, e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("creating Kafka topic " + t.name() + " failed: " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw unavailable(t, c, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating Kafka topics");
            }
        }
    }
}
