package io.lodestone.crawler.harvest;

import io.lodestone.crawler.HarvestSource;
import io.lodestone.dht.node.DhtListener;
import io.lodestone.time.Clock;
import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The passive harvest: what the farm's nodes see, handed to the crawler through a bounded queue.
 * Called on the nodes' threads, so it never blocks: when the queue is full the event is dropped
 * and counted. Give it to {@code DhtFarm.start} before the crawler starts; events that arrive
 * before then wait in the queue. Thread-safe.
 */
public final class Harvester implements DhtListener {

    private static final int SOURCES = HarvestSource.values().length;

    private final BlockingQueue<Harvest> queue;
    private final Clock clock;
    private final AtomicLongArray accepted = new AtomicLongArray(SOURCES);
    private final AtomicLongArray dropped = new AtomicLongArray(SOURCES);

    public Harvester(int capacity, Clock clock) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
    }

    @Override
    public void onAnnounce(NodeId receiver, InfoHash infoHash, InetSocketAddress peer, InetSocketAddress source) {
        offer(new Harvest(infoHash, HarvestSource.ANNOUNCE, peer, clock.nanos()));
    }

    @Override
    public void onGetPeers(NodeId receiver, InfoHash infoHash, InetSocketAddress source) {
        offer(new Harvest(infoHash, HarvestSource.GET_PEERS, null, clock.nanos()));
    }

    @Override
    public void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
        long now = clock.nanos();
        for (InfoHash h : samples) {
            offer(new Harvest(h, HarvestSource.SAMPLE, null, now, source));
        }
    }

    /** Queues one event; false (and counted) when the queue is full. */
    public boolean offer(Harvest h) {
        int i = h.source().ordinal();
        if (queue.offer(h)) {
            accepted.incrementAndGet(i);
            return true;
        }
        dropped.incrementAndGet(i);
        return false;
    }

    /** The next event, waiting at most {@code timeoutNanos}; null if none came. */
    public Harvest poll(long timeoutNanos) throws InterruptedException {
        return timeoutNanos <= 0 ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public int queued() {
        return queue.size();
    }

    /** Events queued from {@code source} since creation. */
    public long accepted(HarvestSource source) {
        return accepted.get(source.ordinal());
    }

    /** Events from {@code source} dropped because the queue was full. */
    public long dropped(HarvestSource source) {
        return dropped.get(source.ordinal());
    }

    public long droppedTotal() {
        long n = 0;
        for (int i = 0; i < SOURCES; i++) {
            n += dropped.get(i);
        }
        return n;
    }
}
