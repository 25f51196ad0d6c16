package io.lodestone.crawler;

import io.lodestone.types.InfoHash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CrawlSink} in memory for tests: applies each batch to a copy of its state and swaps it
 * in, so a reader sees every batch whole or not at all, as the real store promises. It can be told
 * to fail the next writes, and it records every batch and the threads that called it.
 */
public final class InMemorySink implements CrawlSink {

    /** Everything stored, as one immutable value; replaced whole by each write. */
    public record State(Map<InfoHash, ResolvedTorrent> torrents, Map<InfoHash, PendingHash> pending,
                        Map<InfoHash, Long> sightings) {
        public State {
            torrents = Map.copyOf(torrents);
            pending = Map.copyOf(pending);
            sightings = Map.copyOf(sightings);
        }
    }

    private volatile State state = new State(Map.of(), Map.of(), Map.of());
    private final List<CrawlBatch> batches = new ArrayList<>();
    private final AtomicInteger failNextWrites = new AtomicInteger();
    private final java.util.Set<String> callerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean failReads;
    /** Hashes an operator blocked: {@link #isBlocked} says so. */
    public final java.util.Set<InfoHash> blocked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public boolean isBlocked(InfoHash infoHash) {
        return blocked.contains(infoHash);
    }

    @Override
    public boolean isIndexed(InfoHash infoHash) throws IOException {
        callerThreads.add(Thread.currentThread().getName());
        if (failReads) {
            throw new IOException("reads failing (test)");
        }
        return state.torrents().containsKey(infoHash);
    }

    @Override
    public List<PendingHash> loadPending(int max) {
        callerThreads.add(Thread.currentThread().getName());
        return state.pending().values().stream().sorted(Comparator.comparing(PendingHash::firstSeen))
                .limit(max).toList();
    }

    @Override
    public synchronized void write(CrawlBatch batch) throws IOException {
        callerThreads.add(Thread.currentThread().getName());
        if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("write failing (test)");
        }
        State s = state;
        Map<InfoHash, ResolvedTorrent> torrents = new LinkedHashMap<>(s.torrents());
        Map<InfoHash, PendingHash> pending = new LinkedHashMap<>(s.pending());
        Map<InfoHash, Long> sightings = new HashMap<>(s.sightings());
        for (Sighting x : batch.sightings()) {
            sightings.merge(x.infoHash(), 1L, Long::sum);
        }
        for (PendingHash p : batch.pending()) {
            pending.put(p.infoHash(), p);
        }
        for (ResolvedTorrent r : batch.resolved()) {
            torrents.putIfAbsent(r.infoHash(), r);
            pending.remove(r.infoHash());
        }
        batch.abandoned().forEach(pending::remove);
        batches.add(batch);
        state = new State(torrents, pending, sightings);
    }

    public State state() {
        return state;
    }

    public synchronized List<CrawlBatch> batches() {
        return List.copyOf(batches);
    }

    public void failNextWrites(int n) {
        failNextWrites.set(n);
    }

    public void failReads(boolean fail) {
        failReads = fail;
    }

    public java.util.Set<String> callerThreads() {
        return java.util.Set.copyOf(callerThreads);
    }

    /** Puts a torrent in as if an earlier run had stored it. */
    public synchronized void preload(ResolvedTorrent r) {
        Map<InfoHash, ResolvedTorrent> torrents = new LinkedHashMap<>(state.torrents());
        torrents.put(r.infoHash(), r);
        state = new State(torrents, state.pending(), state.sightings());
    }
}
