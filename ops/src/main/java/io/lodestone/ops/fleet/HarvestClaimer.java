package io.lodestone.ops.fleet;

import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This crawler's share of the harvest: the harvest topic consumed in the crawlers' group, each
 * record handed to the local {@link Harvester} that feeds the pipeline. When the pipeline's queue
 * is half full the partitions are paused (Kafka keeps the rest); when a crawler leaves or dies its
 * partitions move to the others at the next rebalance.
 */
final class HarvestClaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarvestClaimer.class);
    static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final Harvester harvester;
    private final int pauseAt;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private volatile int assigned;
    /** Partition numbers this crawler holds, and how many the topic has, for {@link #owns}. */
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;
    private volatile long lag;
    private volatile boolean stopping;
    private volatile String died;

    HarvestClaimer(Consumer<byte[], byte[]> consumer, String topic, Harvester harvester, int queueCapacity,
                   Clock clock) {
        this.consumer = consumer;
        this.harvester = harvester;
        this.pauseAt = Math.max(1, queueCapacity / 2);
        this.clock = clock;
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                rebalances.incrementAndGet();
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                Set<TopicPartition> all = consumer.assignment();
                partitionCount = consumer.partitionsFor(topic).size();
                owned = all.stream().map(TopicPartition::partition).collect(java.util.stream.Collectors.toSet());
                LOG.info("fleet: this crawler now claims {} harvest partitions", all.size());
            }
        });
        this.thread = Thread.ofPlatform().name("fleet-harvest-claim").daemon().unstarted(this::run);
    }

    HarvestClaimer start() {
        thread.start();
        return this;
    }

    /**
     * Whether a hash belongs to this crawler's partitions now (the producer's default partitioner:
     * murmur2 of the key). True while no assignment is known (mid-rebalance), so nothing bounces.
     */
    boolean owns(io.lodestone.types.InfoHash h) {
        Set<Integer> mine = owned;
        int n = partitionCount;
        if (mine.isEmpty() || n <= 0) {
            return true;
        }
        int p = org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(FleetCodec.hashKey(h))) % n;
        return mine.contains(p);
    }

    String deathReason() {
        return died;
    }

    long claimed() {
        return claimed.get();
    }

    long malformed() {
        return malformed.get();
    }

    int assignedPartitions() {
        return assigned;
    }

    long rebalances() {
        return rebalances.get();
    }

    /** Harvest records of this crawler's partitions not yet claimed. */
    long lag() {
        return lag;
    }

    private void run() {
        try {
            while (!stopping) {
                Set<TopicPartition> mine = consumer.assignment();
                if (harvester.queued() >= pauseAt) {
                    consumer.pause(mine);
                } else {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    try {
                        harvester.offer(FleetCodec.decodeHarvest(r.key(), r.value(), clock.nanos()));
                        claimed.incrementAndGet();
                    } catch (IllegalArgumentException e) {
                        malformed.incrementAndGet();
                    }
                }
                // after the poll: a rebalance inside it may have taken partitions away
                Set<TopicPartition> now = consumer.assignment();
                assigned = now.size();
                long l = 0;
                for (TopicPartition p : now) {
                    l += consumer.currentLag(p).orElse(0);
                }
                lag = l;
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stopping) {
                died = "the harvest claimer stopped: " + e;
                LOG.error("fleet: the harvest claimer stopped", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
