package io.lodestone.ops.fleet;

import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The farm's harvest, sent to the harvest topic keyed by info-hash so that the crawlers' consumer
 * group hands each hash to one crawler. The farm's threads only queue (a bounded {@link Harvester}
 * used as an outbox, which drops and counts when full); one thread sends. When Kafka is away, sends
 * block, the outbox fills and harvests are dropped: the harvest pauses, memory stays bounded.
 */
final class HarvestRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarvestRelay.class);
    static final long POLL_NANOS = 100_000_000L;

    private final Harvester outbox;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;

    HarvestRelay(Producer<byte[], byte[]> producer, String topic, int capacity) {
        this.outbox = new Harvester(capacity, Clock.system());
        this.producer = producer;
        this.topic = topic;
        this.thread = Thread.ofPlatform().name("fleet-harvest-relay").daemon().unstarted(this::run);
    }

    HarvestRelay start() {
        thread.start();
        return this;
    }

    /** Where the farm reports what it hears. */
    Harvester listener() {
        return outbox;
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** Harvests dropped because the outbox was full (Kafka slow or away). */
    long dropped() {
        return outbox.droppedTotal();
    }

    private void run() {
        while (!stopping) {
            try {
                Harvest h = outbox.poll(POLL_NANOS);
                if (h == null) {
                    continue;
                }
                byte[] value = FleetCodec.encodeHarvest(h.source(), h.peer(), h.holder());
                producer.send(new ProducerRecord<>(topic, FleetCodec.hashKey(h.infoHash()), value), (md, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a send that timed out waiting for Kafka: this harvest is lost, the next ones wait
                failed.incrementAndGet();
                LOG.debug("harvest relay: {}", e.toString());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(KafkaClients.MAX_BLOCK_MS + 1_000L);
    }
}
