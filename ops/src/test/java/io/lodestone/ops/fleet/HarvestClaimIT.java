package io.lodestone.ops.fleet;

import static io.lodestone.ops.fleet.FleetCatalogIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.time.Clock;
import io.lodestone.types.HostPort;
import io.lodestone.types.InfoHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims of the harvest on one real KRaft broker, in this JVM. A crawler claims every record and
 * finishes half the hashes; the other half still wait in it when it goes. The crawler that then
 * holds every partition gets each of the waiting hashes again (none is lost with its claimer), and
 * once that one has finished them all, a third reads nothing: finished work is committed.
 */
class HarvestClaimIT {

    static final int HASHES = 200;

    /** A claimer and a stand-in for the crawler's pipeline, which decides per hash whether it waits. */
    static final class Crawler implements AutoCloseable {
        final Harvester queue = new Harvester(1_000, Clock.system());
        final ClaimLedger ledger = new ClaimLedger();
        final HarvestClaimer claimer;
        final Set<InfoHash> taken = ConcurrentHashMap.newKeySet();
        final Set<InfoHash> waiting = ConcurrentHashMap.newKeySet();
        private final Thread pipeline;
        private volatile boolean stop;

        Crawler(FleetConfig config, String id, Predicate<InfoHash> waits) {
            claimer = new HarvestClaimer(new KafkaConsumer<>(KafkaClients.consumer(config, "it-" + id,
                    config.crawlerGroup())), config.harvestTopic(), queue, 1_000, Clock.system(), ledger,
                    h -> CompletableFuture.failedFuture(new IllegalStateException("no resends here"))).start();
            pipeline = Thread.ofPlatform().name("it-pipeline-" + id).start(() -> {
                while (!stop) {
                    try {
                        Harvest h = queue.poll(50_000_000L);
                        if (h != null) {
                            boolean w = waits.test(h.infoHash());
                            taken.add(h.infoHash());
                            if (w) {
                                waiting.add(h.infoHash());
                            }
                            ledger.handled(h, w);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        /** Every hash that waited here is done (written out, as the sink would report). */
        void finishAll() {
            for (InfoHash h : waiting) {
                ledger.settled(h);
            }
            waiting.clear();
        }

        @Override
        public void close() throws Exception {
            stop = true;
            pipeline.join(5_000);
            claimer.close();
        }
    }

    @Test
    void hashesStillWaitingInACrawlerThatGoesAreClaimedByTheNext(@TempDir Path dir) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 1)) {
            FleetConfig config = new FleetConfig(FleetConfig.Role.CRAWL, List.of(HostPort.parse(kafka.bootstrap())),
                    1, 1, "claim.", 4, 3, 0);
            try (Admin admin = Admin.create(KafkaClients.admin(config, "it-admin"))) {
                FleetTopics.ensure(admin, config);
            }
            List<InfoHash> hashes = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config, "it"))) {
                // the hashes that will be finished first, then those that will wait: in every partition
                // the first waiting record comes after all finished ones
                for (int k = 0; k < HASHES; k++) {
                    int i = k < HASHES / 2 ? 2 * k + 1 : 2 * (k - HASHES / 2);
                    byte[] b = new byte[20];
                    b[0] = (byte) i;
                    b[1] = (byte) (i >> 8);
                    b[19] = 7;
                    InfoHash h = InfoHash.v1(b);
                    hashes.add(h);
                    producer.send(new ProducerRecord<>(config.harvestTopic(), FleetCodec.hashKey(h),
                            FleetCodec.encodeHarvest(HarvestSource.GET_PEERS, null, null)));
                }
                producer.flush();
            }
            Predicate<InfoHash> even = h -> (h.bytes()[0] & 1) == 0;
            List<InfoHash> waiting = hashes.stream().filter(even).toList();

            Crawler first = new Crawler(config, "first", even);
            try {
                await(() -> first.taken.size() == HASHES, "the first crawler took every hash");
                await(() -> first.ledger.open() == waiting.size(), "only the waiting hashes stay open");
                Thread.sleep(HarvestClaimer.COMMIT_EVERY.toMillis() * 3); // it commits what it finished
            } finally {
                first.close(); // goes with half its hashes unfinished
            }

            try (Crawler second = new Crawler(config, "second", h -> true)) {
                await(() -> second.taken.containsAll(waiting), "the next crawler got every waiting hash");
                Thread.sleep(2_000); // anything finished that came again would show now
                assertThat(second.taken).as("the finished hashes, all before the waiting ones, are not read again")
                        .containsExactlyInAnyOrderElementsOf(waiting);
                await(() -> second.ledger.open() == second.taken.size(), "all held");
                second.finishAll();
                await(() -> second.ledger.open() == 0, "all finished");
                Thread.sleep(HarvestClaimer.COMMIT_EVERY.toMillis() * 3);
            }

            try (Crawler third = new Crawler(config, "third", h -> true)) {
                await(() -> third.claimer.assignedPartitions() == 4, "the third crawler holds every partition");
                Thread.sleep(5_000);
                assertThat(third.taken).as("nothing is left once all was finished").isEmpty();
            }
        }
    }
}
