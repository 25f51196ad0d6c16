package io.lodestone.ops.fleet;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client settings of the fleet, in one place: no loss, bounded memory, bounded waits. */
final class KafkaClients {

    /** Bytes a producer holds for unsent records; when full, send blocks up to {@link #MAX_BLOCK_MS}. */
    static final long PRODUCER_BUFFER_BYTES = 32L << 20;
    /** How long a send may wait for buffer space or metadata before it fails (Kafka away). */
    static final int MAX_BLOCK_MS = 10_000;
    /** How long a record may take to be acknowledged, retries included, before it fails. */
    static final int DELIVERY_TIMEOUT_MS = 60_000;
    /** Records of one consumer poll at most: one LMDB transaction each. */
    static final int MAX_POLL_RECORDS = 2_000;

    private KafkaClients() {
    }

    /** Idempotent, acks=all, small linger: batches stay bounded and a record waits little. */
    static Map<String, Object> producer(FleetConfig c, String clientId) {
        Map<String, Object> p = common(c, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** A consumer that commits nothing itself; {@code group} null for manual assignment. */
    static Map<String, Object> consumer(FleetConfig c, String clientId, String group) {
        Map<String, Object> p = common(c, clientId);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            // committed by hand, once the crawler has finished with a record's hash
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            // a dead crawler's partitions move within this, well inside the minute the fleet promises
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        } else {
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    static Map<String, Object> admin(FleetConfig c, String clientId) {
        Map<String, Object> p = common(c, clientId);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return p;
    }

    private static Map<String, Object> common(FleetConfig c, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        return p;
    }
}
