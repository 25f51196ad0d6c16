package io.lodestone.ops.fleet;

import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This crawler's share of the harvest: the harvest topic consumed in the crawlers' group, each
 * record handed to the local {@link Harvester} that feeds the pipeline. When the pipeline's queue
 * is half full the partitions are paused (Kafka keeps the rest); when a crawler leaves or dies its
 * partitions move to the others at the next rebalance. Offsets are committed by hand, never past
 * a record whose hash this crawler has not finished ({@link ClaimLedger}): the next owner of a
 * dead crawler's partitions reads its unfinished hashes again.
 */
final class HarvestClaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HarvestClaimer.class);
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** A hash waiting longer than this (retries back off) is sent to the topic again. */
    static final Duration RESEND_AFTER = Duration.ofMinutes(10);
    static final Duration RESEND_EVERY = Duration.ofSeconds(30);
    static final int RESEND_BATCH = 10_000;

    /** Sends a waiting hash to the harvest topic again; completes when Kafka has it. */
    interface Resender {
        java.util.concurrent.CompletableFuture<?> resend(InfoHash h);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Harvester harvester;
    private final ClaimLedger ledger;
    private final Resender resender;
    private final AtomicLong resent = new AtomicLong();
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
                   Clock clock, ClaimLedger ledger, Resender resender) {
        this.consumer = consumer;
        this.topic = topic;
        this.harvester = harvester;
        this.ledger = ledger;
        this.resender = resender;
        this.pauseAt = Math.max(1, queueCapacity / 2);
        this.clock = clock;
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                rebalances.incrementAndGet();
                commit(true, partitions); // what is finished, so the next owner starts after it
                partitions.forEach(p -> ledger.revoked(p.partition()));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                rebalances.incrementAndGet(); // another owns them already: nothing to commit
                partitions.forEach(p -> ledger.revoked(p.partition()));
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
    boolean owns(InfoHash h) {
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

    /** Waiting hashes sent to the topic again because they waited long. */
    long resent() {
        return resent.get();
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
            long nextCommit = clock.nanos();
            long nextResend = clock.nanos() + RESEND_AFTER.toNanos();
            while (!stopping) {
                Set<TopicPartition> mine = consumer.assignment();
                if (harvester.queued() >= pauseAt) {
                    consumer.pause(mine);
                } else {
                    consumer.resume(consumer.paused());
                }
                take(consumer.poll(POLL));
                // after the poll: a rebalance inside it may have taken partitions away
                Set<TopicPartition> now = consumer.assignment();
                assigned = now.size();
                long l = 0;
                for (TopicPartition p : now) {
                    l += consumer.currentLag(p).orElse(0);
                }
                lag = l;
                long t = clock.nanos();
                if (t - nextCommit >= 0) {
                    commit(false, null);
                    nextCommit = t + COMMIT_EVERY.toNanos();
                }
                if (t - nextResend >= 0) {
                    resendOverdue(t);
                    nextResend = t + RESEND_EVERY.toNanos();
                }
            }
            commit(true, null);
        } catch (WakeupException e) {
            commit(true, null); // closing: what is done is committed, what is not stays for whoever comes next
        } catch (RuntimeException e) {
            if (!stopping) {
                died = "the harvest claimer stopped: " + e;
                LOG.error("fleet: the harvest claimer stopped", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Queues each record for the crawler; a record the full queue refuses is read again later. */
    private void take(ConsumerRecords<byte[], byte[]> records) {
        Set<TopicPartition> refused = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (refused.contains(tp)) {
                continue;
            }
            Harvest h;
            try {
                h = FleetCodec.decodeHarvest(r.key(), r.value(), clock.nanos());
            } catch (IllegalArgumentException e) {
                malformed.incrementAndGet();
                ledger.passed(r.partition(), r.offset());
                continue;
            }
            ledger.claimed(h, r.partition(), r.offset(), clock.nanos());
            if (harvester.offer(h)) {
                claimed.incrementAndGet();
            } else {
                ledger.unclaimed(h);
                consumer.seek(tp, r.offset());
                refused.add(tp);
            }
        }
    }

    /**
     * Commits, per partition, up to the oldest record the crawler has not finished with; with
     * {@code only} non-null, just those partitions (they are being revoked). Failures are logged
     * and tried again at the next commit: a later offset still never passes an unfinished record.
     */
    private void commit(boolean sync, Collection<TopicPartition> only) {
        Map<Integer, Long> at = ledger.committable();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        at.forEach((p, o) -> {
            TopicPartition tp = new TopicPartition(topic, p);
            if (only == null || only.contains(tp)) {
                offsets.put(tp, new OffsetAndMetadata(o));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        Map<Integer, Long> sent = new HashMap<>();
        offsets.forEach((tp, o) -> sent.put(tp.partition(), o.offset()));
        try {
            if (sync) {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
                ledger.committed(sent);
            } else {
                consumer.commitAsync(offsets, (done, e) -> {
                    if (e == null) {
                        ledger.committed(sent);
                    } else {
                        LOG.debug("fleet: harvest offsets not committed: {}", e.toString());
                    }
                });
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("fleet: harvest offsets not committed: {}", e.toString());
        }
    }

    /** Hashes waiting long go to the topic again, so their old records stop holding the offset back. */
    private void resendOverdue(long now) {
        for (InfoHash h : ledger.overdue(now - RESEND_AFTER.toNanos(), RESEND_BATCH)) {
            resender.resend(h).whenComplete((ok, e) -> {
                if (e != null) {
                    ledger.resendFailed(h);
                } else {
                    resent.incrementAndGet();
                }
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(10_000);
    }
}
