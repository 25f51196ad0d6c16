package io.lodestone.ops.fleet;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlSink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.index.content.BlockingSink;
import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The crawl role's sink: every verified info dict goes to the catalog topic (acknowledged by the
 * in-sync replicas before the batch counts), and only the crawl state (pending hashes) stays in
 * the local store. A batch Kafka does not take fails as a whole, so the crawler pauses and tries
 * it again (the catalog is keyed by hash: a second send of a record changes nothing).
 */
final class CatalogPublisher implements CrawlSink {

    /** Header naming the crawler that published a record, for per-crawler figures on the replicas. */
    static final String CRAWLER_HEADER = "crawler";

    private final BlockingSink local;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final byte[] crawlerId;
    private final KnownHashes known;
    private final AtomicLong published = new AtomicLong();
    private volatile String failure;
    private final AtomicLong handedOver = new AtomicLong();
    private volatile Share share;
    private volatile java.util.function.Consumer<InfoHash> settled = h -> { };

    CatalogPublisher(BlockingSink local, Producer<byte[], byte[]> producer, String topic, String crawlerId,
                     KnownHashes known) {
        this.local = local;
        this.producer = producer;
        this.topic = topic;
        this.crawlerId = crawlerId.getBytes(StandardCharsets.UTF_8);
        this.known = known;
    }

    void share(Share s) {
        this.share = s;
    }

    /** Told of each hash that left the crawler in a batch Kafka and the crawl state took. */
    void onSettled(java.util.function.Consumer<InfoHash> settled) {
        this.settled = settled;
    }

    long published() {
        return published.get();
    }

    /** Which hashes are this crawler's, and how to give one to the fleet again. */
    interface Share {
        boolean owns(InfoHash h);

        void handOver(InfoHash h);
    }

    /**
     * Blocked hashes, and hashes whose partition moved to another crawler in a rebalance: those
     * are handed back to the harvest topic, where their new owner claims them, instead of being
     * fetched here too; and hashes the catalog got meanwhile. The crawler asks this before each fetch.
     */
    @Override
    public boolean isBlocked(InfoHash infoHash) {
        if (local.isBlocked(infoHash)) {
            return true;
        }
        if (known.contains(infoHash)) {
            return true; // the catalog has it already (another crawler, or a hybrid's other key): no fetch
        }
        if (share != null && !share.owns(infoHash)) {
            share.handOver(infoHash);
            handedOver.incrementAndGet();
            return true;
        }
        return false;
    }

    long handedOver() {
        return handedOver.get();
    }

    @Override
    public boolean isIndexed(InfoHash infoHash) throws IOException {
        return known.contains(infoHash) || local.isIndexed(infoHash);
    }

    @Override
    public List<PendingHash> loadPending(int max) throws IOException {
        return local.loadPending(max);
    }

    @Override
    public void write(CrawlBatch batch) throws IOException {
        CrawlBatch b = local.filter(batch);
        List<Future<RecordMetadata>> acks = new ArrayList<>(b.resolved().size());
        try {
            for (ResolvedTorrent t : b.resolved()) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, FleetCodec.hashKey(t.infoHash()),
                        FleetCodec.encodeCatalog(t));
                r.headers().add(CRAWLER_HEADER, crawlerId);
                acks.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(KafkaClients.DELIVERY_TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failure = "Kafka does not take the catalog: " + (e instanceof ExecutionException ? e.getCause() : e);
            throw new IOException(failure, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to the catalog");
        }
        failure = null;
        List<InfoHash> done = new ArrayList<>(b.abandoned());
        for (ResolvedTorrent t : b.resolved()) {
            done.add(t.infoHash());
            known.addTorrent(t.infoHash(), t.infoDict());
        }
        published.addAndGet(b.resolved().size());
        local.write(new CrawlBatch(b.sightings(), b.pending(), List.of(), done));
        // all of the batch, the blocked ones the filter took out included: they left the crawler too
        java.util.function.Consumer<InfoHash> s = settled;
        batch.resolved().forEach(t -> s.accept(t.infoHash()));
        batch.abandoned().forEach(s);
    }

    /** Why the last publish failed, or null. */
    String failure() {
        return failure;
    }

    @Override
    public String unavailable() {
        return local.unavailable();
    }
}
