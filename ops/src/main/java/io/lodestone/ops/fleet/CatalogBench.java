package io.lodestone.ops.fleet;

import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexConfig;
import io.lodestone.index.IndexService;
import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The Kafka half of {@code lodestone bench fleet}: a corpus published to a catalog topic as
 * crawlers would, and a fresh replica catching up on it through the same follower {@code serve}
 * runs, until every torrent is stored and searchable.
 */
public final class CatalogBench implements AutoCloseable {

    /** Source of the corpus, in batches; an empty batch ends it. */
    @FunctionalInterface
    public interface Batches {
        List<ResolvedTorrent> next() throws IOException;
    }

    private final FleetConfig config;
    private final KafkaProducer<byte[], byte[]> producer;

    public CatalogBench(FleetConfig config) throws IOException {
        this.config = config;
        try (Admin admin = Admin.create(KafkaClients.admin(config, "lodestone-bench-admin"))) {
            FleetTopics.ensure(admin, config);
        }
        this.producer = new KafkaProducer<>(KafkaClients.producer(config, "lodestone-bench"));
    }

    /** Publishes every batch (acks=all) and returns how many records. */
    public long publish(Batches batches) throws Exception {
        long n = 0;
        byte[] by = "bench".getBytes(StandardCharsets.UTF_8);
        for (List<ResolvedTorrent> b = batches.next(); !b.isEmpty(); b = batches.next()) {
            Future<RecordMetadata> last = null;
            for (ResolvedTorrent t : b) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(config.catalogTopic(),
                        FleetCodec.hashKey(t.infoHash()), FleetCodec.encodeCatalog(t));
                r.headers().add(CatalogPublisher.CRAWLER_HEADER, by);
                last = producer.send(r);
                n++;
            }
            if (last != null) {
                last.get(KafkaClients.DELIVERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        producer.flush();
        return n;
    }

    /**
     * A new replica in {@code data} follows the catalog until {@code expected} torrents are stored
     * and searchable; the seconds that took, from its start.
     */
    public double catchUp(Path data, long expected, Duration timeout) throws Exception {
        long start = System.nanoTime();
        try (IndexService index = IndexService.open(data, IndexConfig.defaults())) {
            BlockList blocks = new BlockList(data, Clock.system());
            CatalogFollower f = new CatalogFollower(new KafkaConsumer<>(KafkaClients.consumer(config,
                    "lodestone-bench-replica", null)), config.catalogTopic(), index, new BlockingSink(index, blocks),
                    null).start();
            try {
                long deadline = start + timeout.toNanos();
                while (index.torrentCount() < expected) {
                    if (System.nanoTime() > deadline || f.deathReason() != null) {
                        throw new IOException("the replica stored " + index.torrentCount() + " of " + expected
                                + (f.deathReason() == null ? " in time" : ": " + f.deathReason()));
                    }
                    Thread.sleep(20);
                }
                if (!index.awaitSearchable(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    throw new IOException("the search index did not catch up in time");
                }
                if (index.searchableDocuments() != expected) {
                    throw new IOException("searchable " + index.searchableDocuments() + " of " + expected);
                }
                return (System.nanoTime() - start) / 1e9;
            } finally {
                f.close();
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
