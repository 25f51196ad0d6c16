package io.lodestone.ops.fleet;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.IndexService;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole catalog topic, from where this instance left off. On an index replica every
 * poll becomes one LMDB transaction holding the torrents and the next offset of each partition,
 * so a crash never loses or doubles one; a tombstone deletes. On a crawler it only learns which
 * hashes the catalog holds (kept in memory, read again from the start after a restart).
 */
final class CatalogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFollower.class);
    static final Duration POLL = Duration.ofMillis(300);
    /** Crawl-state key of a partition's next offset, under the topic's name. */
    static final String OFFSET_KEY = "fleet.offset.";
    static final long MAX_LATENCY_MS = 3_600_000L;
    static final int MAX_AWAITING = 100_000;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final IndexService index;
    private final BlockingSink blocks;
    private final KnownHashes known;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Map<String, LongAdder> byCrawler = new ConcurrentHashMap<>();
    private final Histogram toSearchable = new ConcurrentHistogram(MAX_LATENCY_MS, 3);
    /** Store sequence and verified time (epoch ms) of applied torrents not yet seen searchable; this thread only. */
    private final java.util.ArrayDeque<long[]> awaitingSearch = new java.util.ArrayDeque<>();
    private volatile long lag = -1;
    private volatile String died;
    private volatile boolean stopping;

    /** {@code index} null on a crawler: then {@code known} learns the hashes and nothing is stored. */
    CatalogFollower(Consumer<byte[], byte[]> consumer, String topic, IndexService index, BlockingSink blocks,
                    KnownHashes known) {
        this.consumer = consumer;
        this.topic = topic;
        this.index = index;
        this.blocks = blocks;
        this.known = known;
        this.thread = Thread.ofPlatform().name("fleet-catalog").daemon().unstarted(this::run);
    }

    CatalogFollower start() {
        thread.start();
        return this;
    }

    long applied() {
        return applied.get();
    }

    long tombstones() {
        return tombstones.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** Catalog records not read yet, over all partitions; -1 before the first poll. */
    long lag() {
        return lag;
    }

    Map<String, Long> byCrawler() {
        Map<String, Long> m = new HashMap<>();
        byCrawler.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Verified (on the crawler) to searchable here, in ms; replicas only. */
    Histogram toSearchable() {
        return toSearchable.copy();
    }

    String deathReason() {
        return died;
    }

    private void run() {
        try {
            List<TopicPartition> parts = partitions();
            consumer.assign(parts);
            for (TopicPartition p : parts) {
                Optional<byte[]> saved = index == null ? Optional.empty() : index.crawlState(offsetKey(p));
                if (saved.isPresent() && saved.get().length == Long.BYTES) {
                    consumer.seek(p, ByteBuffer.wrap(saved.get()).getLong());
                } else {
                    consumer.seekToBeginning(List.of(p));
                }
            }
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    apply(records);
                }
                noteSearchable();
                long l = 0;
                for (TopicPartition p : parts) {
                    l += consumer.currentLag(p).orElse(0);
                }
                lag = l;
            }
        } catch (WakeupException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                died = "the catalog follower stopped: " + e;
                LOG.error("fleet: the catalog follower stopped", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> partitions() {
        while (!stopping) {
            List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (info != null && !info.isEmpty()) {
                return info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) throws IOException {
        List<ResolvedTorrent> resolved = new ArrayList<>();
        List<InfoHash> deleted = new ArrayList<>();
        Map<String, byte[]> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            offsets.put(offsetKey(new TopicPartition(r.topic(), r.partition())),
                    ByteBuffer.allocate(Long.BYTES).putLong(r.offset() + 1).array());
            try {
                if (r.value() == null) {
                    deleted.add(FleetCodec.decodeHashKey(r.key()));
                } else {
                    resolved.add(FleetCodec.decodeCatalog(r.key(), r.value()));
                    Header h = r.headers().lastHeader(CatalogPublisher.CRAWLER_HEADER);
                    String by = h == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
                    if (byCrawler.size() < 1_000 || byCrawler.containsKey(by)) {
                        byCrawler.computeIfAbsent(by, k -> new LongAdder()).increment();
                    }
                }
            } catch (IllegalArgumentException e) {
                malformed.incrementAndGet();
            }
        }
        if (index == null) {
            resolved.forEach(t -> known.addTorrent(t.infoHash(), t.infoDict()));
            deleted.forEach(known::remove);
        } else {
            CrawlBatch batch = blocks.filter(new CrawlBatch(List.of(), List.of(), resolved, List.of()));
            index.write(batch, offsets); // the torrents and the offsets after them, in one transaction
            for (InfoHash h : deleted) {
                index.delete(h); // a replay after a crash deletes again, which changes nothing
            }
            long written = index.lastSequence();
            for (ResolvedTorrent t : batch.resolved()) {
                if (awaitingSearch.size() < MAX_AWAITING) { // a long catch-up measures its first part
                    awaitingSearch.add(new long[] {written, t.resolvedAt().toEpochMilli()});
                }
            }
        }
        applied.addAndGet(resolved.size());
        tombstones.addAndGet(deleted.size());
    }

    /** What the search index has reached by now is searchable now: its time from verified is recorded. */
    private void noteSearchable() {
        if (index == null || awaitingSearch.isEmpty()) {
            return;
        }
        long searchable = index.lastSequence() - index.searchLag(); // racing a write only makes it lower
        long now = System.currentTimeMillis();
        while (!awaitingSearch.isEmpty() && awaitingSearch.peekFirst()[0] <= searchable) {
            long at = awaitingSearch.pollFirst()[1];
            toSearchable.recordValue(Math.min(MAX_LATENCY_MS, Math.max(0, now - at)));
        }
    }

    private String offsetKey(TopicPartition p) {
        return OFFSET_KEY + topic + "." + p.partition();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(15_000);
    }
}
