package io.lodestone.ops.fleet;

import io.lodestone.index.content.BlockList;
import io.lodestone.index.content.BlockRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's block list and the fleet's compacted block topic the same: rules read from
 * the topic join the local list (where the crawler and the index already honour them), and rules
 * added or removed here (HTTP, command line) are published, a removal as a tombstone. One thread.
 */
final class BlockSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockSync.class);
    static final Duration POLL = Duration.ofMillis(500);
    static final long SEND_WAIT_SECONDS = 30;

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final BlockList blocks;
    private final Thread thread;
    /** Keys the topic holds now, as far as read. */
    private final Set<String> inTopic = new HashSet<>();
    /** Local rules at the last look, so additions and removals show. */
    private Set<String> localBefore = Set.of();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile String died;
    private volatile boolean stopping;

    BlockSync(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, String topic, BlockList blocks) {
        this.consumer = consumer;
        this.producer = producer;
        this.topic = topic;
        this.blocks = blocks;
        this.thread = Thread.ofPlatform().name("fleet-blocks").daemon().unstarted(this::run);
    }

    BlockSync start() {
        thread.start();
        return this;
    }

    long received() {
        return received.get();
    }

    long published() {
        return published.get();
    }

    boolean caughtUp() {
        return caughtUp;
    }

    String deathReason() {
        return died;
    }

    private void run() {
        try {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (!stopping && consumer.position(p) < end) {
                consumer.poll(POLL).forEach(this::receive);
            }
            caughtUp = true;
            localBefore = Set.of(); // rules made here before the fleet (or while away) are published now
            while (!stopping) {
                try {
                    publishLocalChanges();
                } catch (IOException e) {
                    LOG.warn("fleet: {}; trying again", e.getMessage()); // localBefore kept: sent again next time
                }
                consumer.poll(POLL).forEach(this::receive);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stopping) {
                died = "the block sync stopped: " + e;
                LOG.error("fleet: the block sync stopped", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void receive(ConsumerRecord<byte[], byte[]> r) {
        FleetCodec.BlockKey k;
        try {
            k = FleetCodec.decodeBlockKey(r.key());
        } catch (IllegalArgumentException e) {
            return;
        }
        String key = k.kind().label() + ":" + k.value();
        received.incrementAndGet();
        try {
            if (r.value() == null) {
                inTopic.remove(key);
                for (BlockRule rule : blocks.snapshot().rules()) {
                    if (rule.kind() == k.kind() && rule.value().equals(k.value())) {
                        blocks.remove(rule.id());
                    }
                }
            } else {
                inTopic.add(key);
                blocks.add(k.kind(), k.value(), FleetCodec.decodeBy(r.value()));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("fleet: could not apply block {}: {}", key, e.toString());
            return;
        }
        // what the topic did here is not a local change to send back; only this key moves, so a rule
        // added here meanwhile (HTTP, command line) is still seen as new and published
        Set<String> seen = new HashSet<>(localBefore);
        if (r.value() == null) {
            seen.remove(key);
        } else {
            seen.add(key);
        }
        localBefore = seen;
    }

    private void publishLocalChanges() throws IOException {
        Map<String, BlockRule> now = new HashMap<>();
        for (BlockRule r : blocks.snapshot().rules()) {
            now.put(r.kind().label() + ":" + r.value(), r);
        }
        boolean sent = false;
        for (Map.Entry<String, BlockRule> e : now.entrySet()) {
            if (!localBefore.contains(e.getKey()) && !inTopic.contains(e.getKey())) {
                BlockRule r = e.getValue();
                producer.send(new ProducerRecord<>(topic, FleetCodec.blockKey(r.kind(), r.value()),
                        r.by().getBytes(StandardCharsets.UTF_8)));
                sent = true;
            }
        }
        for (String gone : localBefore) {
            if (!now.containsKey(gone) && inTopic.contains(gone)) {
                producer.send(new ProducerRecord<>(topic, gone.getBytes(StandardCharsets.UTF_8), null));
                sent = true;
            }
        }
        if (sent) {
            try {
                producer.flush(); // acks=all: the block is on the in-sync replicas before we look again
            } catch (RuntimeException e) {
                throw new IOException("publishing blocks failed: " + e, e);
            }
            published.incrementAndGet();
        }
        localBefore = now.keySet();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(15_000);
    }
}
