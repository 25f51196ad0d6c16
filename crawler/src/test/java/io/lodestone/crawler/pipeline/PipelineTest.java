package io.lodestone.crawler.pipeline;

import static io.lodestone.crawler.HarvestSource.ANNOUNCE;
import static io.lodestone.crawler.HarvestSource.GET_PEERS;
import static io.lodestone.crawler.HarvestSource.SAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.crawler.CrawlBatch;
import io.lodestone.crawler.CrawlTime;
import io.lodestone.crawler.CrawlerConfig;
import io.lodestone.crawler.HarvestSource;
import io.lodestone.crawler.InMemorySink;
import io.lodestone.crawler.PendingHash;
import io.lodestone.crawler.ResolvedTorrent;
import io.lodestone.crawler.harvest.Harvest;
import io.lodestone.crawler.harvest.Harvester;
import io.lodestone.time.VirtualClock;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline on a virtual clock with a scripted resolver and an in-memory sink. */
class PipelineTest {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Duration BATCH_DELAY = Duration.ofMillis(500);

    final VirtualClock clock = new VirtualClock(10_000_000_000L);
    final CrawlTime time = CrawlTime.of(clock, T0);
    final InMemorySink sink = new InMemorySink();
    final FakeResolver resolver = new FakeResolver();
    CrawlerConfig config = CrawlerConfig.defaults()
            .withBackoff(Duration.ofMinutes(1), Duration.ofMinutes(8), 4)
            .withBatch(100, BATCH_DELAY, 1_000);
    Harvester harvester = new Harvester(1_000, clock);
    Pipeline pipeline;

    static InfoHash h(int i) {
        return InfoHash.fromHex(String.format("%040x", 0xabc000L + i));
    }

    /** A loopback literal for every i (never a name to look up: 127.0.0.300 would be one). */
    static InetSocketAddress peer(int i) {
        return new InetSocketAddress("127.0." + (i / 250) + "." + (i % 250 + 2), 7000 + i % 50_000);
    }

    Pipeline pipeline() {
        if (pipeline == null) {
            pipeline = new Pipeline(config, harvester, resolver, sink, time, 99);
        }
        return pipeline;
    }

    void harvest(int i, HarvestSource source) {
        harvester.offer(new Harvest(h(i), source, source == ANNOUNCE ? peer(i) : null, clock.nanos()));
    }

    void step() throws InterruptedException {
        pipeline().step(0);
    }

    /** Steps through {@code d} of virtual time in 100 ms ticks. */
    void run(Duration d) throws InterruptedException {
        long end = clock.nanos() + d.toNanos();
        while (clock.nanos() < end) {
            step();
            clock.advance(Duration.ofMillis(100));
        }
        step();
    }

    @Test
    void aHarvestedHashIsResolvedAndStoredAndItsPendingEntryGoesInTheSameBatch() throws Exception {
        resolver.answering(FakeResolver::ok);
        harvest(1, GET_PEERS);
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(1));
        assertThat(sink.batches()).as("nothing written before the batch is due").isEmpty();
        run(BATCH_DELAY);
        InMemorySink.State s = sink.state();
        assertThat(s.torrents()).containsOnlyKeys(h(1));
        ResolvedTorrent t = s.torrents().get(h(1));
        assertThat(t.infoDict()).isEqualTo(FakeResolver.infoDict(h(1)));
        assertThat(t.firstSeen()).isEqualTo(T0);
        assertThat(t.sources()).isEqualTo(1 << GET_PEERS.ordinal());
        assertThat(s.pending()).isEmpty();
        // resolved within the batch window: the pending write was folded into the resolve
        assertThat(sink.batches()).singleElement().satisfies(b -> {
            assertThat(b.pending()).isEmpty();
            assertThat(b.resolved()).hasSize(1);
        });
        assertThat(pipeline.stats().resolved()).isEqualTo(1);
        assertThat(pipeline.stats().pending()).isZero();
    }

    @Test
    void aBlockedHashIsNeverFetchedWhetherHarvestedOrAlreadyScheduled() throws Exception {
        resolver.answering(FakeResolver::fail);
        sink.blocked.add(h(1));
        harvest(1, ANNOUNCE);
        harvest(2, ANNOUNCE);
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(2));
        // blocked while waiting for its retry: dropped from the schedule and the store, not fetched
        sink.blocked.add(h(2));
        harvest(1, ANNOUNCE);
        run(Duration.ofMinutes(3));
        assertThat(resolver.hashesCalled()).containsExactly(h(2));
        assertThat(sink.state().pending()).doesNotContainKeys(h(1), h(2));
        assertThat(pipeline.stats().pending()).isZero();
    }

    @Test
    void announcesWithALivePeerGoFirstThenMultiSourceThenOldestAndThePeerIsInTheJob() throws Exception {
        config = config.withMaxInFlight(1);
        harvest(1, SAMPLE);
        clock.advance(Duration.ofSeconds(1));
        harvest(2, SAMPLE);
        harvest(2, GET_PEERS);
        clock.advance(Duration.ofSeconds(1));
        harvest(3, GET_PEERS);
        clock.advance(Duration.ofSeconds(1));
        harvest(4, ANNOUNCE);
        step();
        for (int i = 0; i < 3; i++) {
            assertThat(resolver.calls).hasSize(i + 1);
            resolver.last().future().complete(FakeResolver.ok(resolver.last().infoHash()));
            step();
        }
        assertThat(resolver.hashesCalled()).containsExactly(h(4), h(2), h(1), h(3));
        assertThat(resolver.calls.getFirst().peers()).containsExactly(peer(4));
        assertThat(resolver.calls.get(1).peers()).isEmpty();
    }

    @Test
    void hashesOnlyLookedForTakeAtMostHalfTheSlots() throws Exception {
        config = config.withMaxInFlight(4);
        for (int i = 0; i < 10; i++) {
            harvest(i, GET_PEERS);
        }
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(0), h(1));
        clock.advance(Duration.ofSeconds(1));
        harvest(20, SAMPLE); // stored by some node: takes a free slot at once
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(0), h(1), h(20));
        resolver.calls.getFirst().future().complete(FakeResolver.fail(h(0)));
        step();
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(0), h(1), h(20), h(2));
        assertThat(pipeline.stats().inFlight()).isEqualTo(3);
    }

    @Test
    void theOutcomeListenerHearsEachFailedAttemptAndTheResolution() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        pipeline = new Pipeline(config, harvester, resolver, sink, time, 99, new io.lodestone.crawler.OutcomeListener() {
            @Override
            public void onResolved(InfoHash infoHash) {
                heard.add("resolved " + infoHash.hex());
            }

            @Override
            public void onFailed(InfoHash infoHash) {
                heard.add("failed " + infoHash.hex());
                throw new IllegalStateException("a listener's fault is not the crawl's");
            }
        });
        resolver.answering(FakeResolver::fail);
        harvest(1, GET_PEERS);
        run(Duration.ofSeconds(1));
        resolver.answering(FakeResolver::ok);
        run(Duration.ofMinutes(2));
        assertThat(heard).containsExactly("failed " + h(1).hex(), "resolved " + h(1).hex());
        assertThat(pipeline.stats().resolved()).isEqualTo(1);
    }

    @Test
    void failuresBackOffDoublingThenTheHashIsAbandonedAndRemovedFromTheStore() throws Exception {
        resolver.answering(FakeResolver::fail);
        harvest(1, SAMPLE);
        List<Long> attemptsAt = new java.util.ArrayList<>();
        long start = clock.nanos();
        for (int guard = 0; guard < 20_000 && pipeline().stats().abandoned() == 0; guard++) {
            int before = resolver.calls.size();
            step();
            step(); // the answer is taken in by the next step
            if (resolver.calls.size() > before) {
                attemptsAt.add((clock.nanos() - start) / 1_000_000_000L);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        // 4 attempts: at 0, then 1, 2 and 4 minutes after each failure
        assertThat(attemptsAt).containsExactly(0L, 60L, 180L, 420L);
        run(BATCH_DELAY);
        assertThat(sink.state().pending()).isEmpty();
        assertThat(sink.state().torrents()).isEmpty();
        assertThat(pipeline.stats().failed()).isEqualTo(4);
        assertThat(pipeline.stats().abandoned()).isEqualTo(1);
        // some batch carried the pending entry with its attempts before it was abandoned
        assertThat(sink.batches()).flatMap(CrawlBatch::pending).anySatisfy(p -> assertThat(p.attempts()).isEqualTo(3));

        // given up: samples of it are ignored, an announce (a live peer) revives it
        harvest(1, SAMPLE);
        run(Duration.ofSeconds(1));
        assertThat(resolver.calls).hasSize(4);
        assertThat(pipeline.stats().ignored()).isEqualTo(1);
        harvest(1, ANNOUNCE);
        run(Duration.ofSeconds(1));
        assertThat(resolver.calls).hasSize(5);
        assertThat(resolver.last().peers()).containsExactly(peer(1));
    }

    @Test
    void aFullHarvestQueueAndAFullPendingSetDropAndCountInsteadOfGrowing() throws Exception {
        harvester = new Harvester(10, clock);
        config = config.withQueues(10, 5).withMaxInFlight(1);
        for (int i = 0; i < 25; i++) {
            harvest(i, GET_PEERS);
        }
        assertThat(harvester.droppedTotal()).isEqualTo(15);
        assertThat(harvester.dropped(GET_PEERS)).isEqualTo(15);
        assertThat(harvester.queued()).isEqualTo(10);
        step();
        assertThat(pipeline.stats().unique()).isEqualTo(5);
        assertThat(pipeline.stats().pendingFull()).isEqualTo(5);
        assertThat(pipeline.stats().pending()).isEqualTo(5);
        assertThat(pipeline.stats().inFlight()).isEqualTo(1);
    }

    @Test
    void whenTheSinkFallsBehindThePipelineTakesNoMoreWorkAndTheQueueDrops() throws Exception {
        harvester = new Harvester(50, clock);
        config = config.withBatch(10, BATCH_DELAY, 20);
        sink.failNextWrites(Integer.MAX_VALUE);
        for (int i = 0; i < 30; i++) {
            harvest(i, GET_PEERS);
        }
        run(Duration.ofSeconds(2));
        int unflushed = pipeline.stats().unflushed();
        assertThat(unflushed).isGreaterThanOrEqualTo(20);
        for (int i = 30; i < 200; i++) {
            harvest(i, GET_PEERS);
        }
        run(Duration.ofSeconds(5));
        assertThat(pipeline.stats().unflushed()).as("no growth while saturated").isEqualTo(unflushed);
        assertThat(harvester.queued()).isEqualTo(50);
        assertThat(harvester.droppedTotal()).isEqualTo(200 - 30 - 50);
        assertThat(pipeline.stats().sinkErrors()).isPositive();

        sink.failNextWrites(0);
        run(Duration.ofSeconds(5));
        assertThat(harvester.queued()).isZero();
        assertThat(sink.state().pending()).hasSize(pipeline.stats().pending());
        assertThat(pipeline.stats().unique()).isEqualTo(30 + 50);
    }

    @Test
    void aSinkThatCannotWritePausesTheCrawlUntilItWritesAgainAndNothingIsLost() throws Exception {
        resolver.answering(FakeResolver::ok);
        harvest(1, ANNOUNCE);
        run(Duration.ofSeconds(1));
        assertThat(pipeline.pausedReason()).isNull();

        sink.failNextWrites(Integer.MAX_VALUE); // the disk is full
        harvest(2, ANNOUNCE);
        harvest(3, ANNOUNCE);
        run(Duration.ofSeconds(1));
        assertThat(pipeline.pausedReason()).as("paused, and says why").isNotNull();
        long startedWhenPaused = pipeline.stats().started();
        for (int i = 10; i < 40; i++) {
            harvest(i, ANNOUNCE);
        }
        run(Duration.ofSeconds(10));
        assertThat(pipeline.stats().started()).as("no resolution starts while paused").isEqualTo(startedWhenPaused);
        assertThat(harvester.queued()).as("harvests wait, untaken").isEqualTo(30);
        assertThat(sink.state().torrents()).containsOnlyKeys(h(1));

        sink.failNextWrites(0); // space again
        run(Duration.ofSeconds(5));
        assertThat(pipeline.pausedReason()).isNull();
        assertThat(sink.state().torrents()).as("what was resolved meanwhile is stored, then the rest")
                .containsKeys(h(1), h(2), h(3)).hasSize(33);
    }

    @Test
    void batchesAreBoundedInBytesAsWellAsItems() throws Exception {
        config = config.withBatch(100_000, Duration.ofMinutes(1), 200_000).withBatchBytes(CrawlerConfig.MIN_BATCH_BYTES);
        harvester = new Harvester(100_000, clock);
        resolver.answering(FakeResolver::ok);
        int perDict = FakeResolver.infoDict(h(0)).length;
        int n = (int) (3 * CrawlerConfig.MIN_BATCH_BYTES / perDict) + 3;
        for (int i = 0; i < n; i++) {
            harvest(i, SAMPLE); // no peer address: a sampled hash
        }
        run(Duration.ofSeconds(5));
        assertThat(sink.batches()).as("written long before the minute's delay").isNotEmpty();
        for (CrawlBatch b : sink.batches()) {
            long bytes = b.resolved().stream().mapToLong(r -> r.infoDict().length).sum();
            assertThat(bytes).isLessThan(CrawlerConfig.MIN_BATCH_BYTES + 32L * perDict);
        }
    }

    @Test
    void aFailedWriteLeavesTheStoreAsItWasAndTheRetryWritesEverythingAtOnce() throws Exception {
        resolver.answering(FakeResolver::ok);
        harvest(1, GET_PEERS);
        run(Duration.ofSeconds(1));
        assertThat(sink.state().torrents()).hasSize(1);

        sink.failNextWrites(1);
        harvest(1, SAMPLE); // a sighting of the stored torrent
        harvest(2, ANNOUNCE);
        harvest(3, SAMPLE);
        step();
        clock.advance(BATCH_DELAY);
        step(); // the write fails
        InMemorySink.State afterFailure = sink.state();
        assertThat(afterFailure.torrents()).containsOnlyKeys(h(1));
        assertThat(afterFailure.sightings()).isEmpty();
        assertThat(pipeline.stats().sinkErrors()).isEqualTo(1);

        clock.advance(BATCH_DELAY);
        step(); // retried: all of it lands in one batch
        InMemorySink.State s = sink.state();
        assertThat(s.torrents()).containsOnlyKeys(h(1), h(2), h(3));
        assertThat(s.sightings()).containsEntry(h(1), 1L);
        assertThat(sink.batches().getLast().resolved()).extracting(ResolvedTorrent::infoHash)
                .containsExactlyInAnyOrder(h(2), h(3));
        // no batch ever asks the sink to keep a hash pending and store it at once
        for (CrawlBatch b : sink.batches()) {
            Set<InfoHash> pending = new HashSet<>();
            b.pending().forEach(p -> pending.add(p.infoHash()));
            b.resolved().forEach(r -> assertThat(pending).doesNotContain(r.infoHash()));
            b.abandoned().forEach(a -> assertThat(pending).doesNotContain(a));
        }
    }

    @Test
    void indexedHashesBecomeSightingsAndTheIndexIsAskedOnlyOnce() throws Exception {
        sink.preload(new ResolvedTorrent(h(7), FakeResolver.infoDict(h(7)), T0, T0, 1, 1));
        harvest(7, SAMPLE);
        step();
        sink.failReads(true); // a second lookup would fail and make it look unknown
        harvest(7, GET_PEERS);
        run(BATCH_DELAY);
        assertThat(resolver.calls).isEmpty();
        assertThat(sink.state().sightings()).containsEntry(h(7), 2L);
        assertThat(pipeline.stats().sightings()).isEqualTo(2);
        assertThat(pipeline.stats().sinkErrors()).isZero();
    }

    @Test
    void pendingHashesSurviveACrashAndAreResolvedAfterTheRestart() throws Exception {
        resolver.answering(FakeResolver::fail);
        for (int i = 0; i < 10; i++) {
            harvest(i, i % 2 == 0 ? SAMPLE : ANNOUNCE);
        }
        run(Duration.ofSeconds(2));
        assertThat(sink.state().pending()).hasSize(10);
        for (int i = 10; i < 13; i++) {
            harvest(i, GET_PEERS);
        }
        step(); // taken up, but the crash comes before the batch is due: these are lost
        // kill -9: the pipeline is dropped without shutdown

        VirtualClock later = new VirtualClock(3);
        CrawlTime restarted = CrawlTime.of(later, T0.plus(Duration.ofMinutes(30)));
        FakeResolver after = new FakeResolver().answering(FakeResolver::ok);
        Pipeline p2 = new Pipeline(config, new Harvester(100, later), after, sink, restarted, 5);
        assertThat(p2.loadPending()).isEqualTo(10);
        assertThat(p2.stats().restored()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            p2.step(0);
            later.advance(Duration.ofMillis(100));
        }
        assertThat(after.hashesCalled()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 10).mapToObj(PipelineTest::h).toList());
        assertThat(sink.state().torrents()).hasSize(10);
        assertThat(sink.state().pending()).isEmpty();
        assertThat(sink.state().torrents().get(h(0)).firstSeen()).as("kept across the restart").isEqualTo(T0);
    }

    @Test
    void restoredHashesWaitForTheirSavedNextAttempt() throws Exception {
        resolver.answering(FakeResolver::fail);
        harvest(1, SAMPLE);
        run(Duration.ofSeconds(1)); // failed once: next attempt one minute after
        PendingHash saved = sink.state().pending().get(h(1));
        assertThat(saved.attempts()).isEqualTo(1);

        VirtualClock later = new VirtualClock(0);
        CrawlTime restarted = CrawlTime.of(later, time.now().plusSeconds(20));
        FakeResolver after = new FakeResolver().answering(FakeResolver::ok);
        Pipeline p2 = new Pipeline(config, new Harvester(10, later), after, sink, restarted, 5);
        p2.loadPending();
        p2.step(0);
        assertThat(after.calls).isEmpty();
        later.advance(Duration.ofSeconds(39));
        p2.step(0);
        assertThat(after.calls).isEmpty();
        later.advance(Duration.ofSeconds(2));
        p2.step(0);
        assertThat(after.hashesCalled()).containsExactly(h(1));
    }

    @Test
    void resolvingOneKeyOfAHybridRetiresItsOtherKey() throws Exception {
        InfoHash v2key = h(99);
        resolver.answering(h -> h.equals(h(1)) ? new ResolveOutcome.Resolved(FakeResolver.infoDict(h), List.of(v2key))
                : null);
        harvester.offer(new Harvest(v2key, SAMPLE, null, clock.nanos()));
        run(Duration.ofSeconds(1)); // in flight, left open
        harvest(2, SAMPLE);
        run(BATCH_DELAY);
        assertThat(sink.state().pending()).containsKeys(v2key, h(2));
        harvest(1, ANNOUNCE);
        run(BATCH_DELAY);
        // the other key's attempt, still running, is called off and its pending entry removed
        assertThat(resolver.calls.stream().filter(c -> c.infoHash().equals(v2key)).findFirst().orElseThrow()
                .future()).isCancelled();
        assertThat(pipeline.stats().inFlight()).as("h(2) only").isEqualTo(1);
        assertThat(sink.state().torrents()).containsOnlyKeys(h(1));
        assertThat(sink.state().pending()).containsOnlyKeys(h(2));
        harvester.offer(new Harvest(v2key, ANNOUNCE, peer(5), clock.nanos()));
        run(Duration.ofMinutes(5));
        assertThat(resolver.callCounts().get(v2key)).isEqualTo(1);
        assertThat(pipeline.stats().ignored()).isEqualTo(1);
    }

    @Test
    void aResolutionThatNeverEndsCountsAsFailedAfterItsDeadline() throws Exception {
        config = config.withResolveTimeout(Duration.ofSeconds(30));
        harvest(1, GET_PEERS);
        step();
        assertThat(pipeline.stats().inFlight()).isEqualTo(1);
        run(Duration.ofSeconds(30));
        assertThat(pipeline.stats().failed()).isZero();
        run(Duration.ofNanos(Pipeline.OVERDUE_GRACE_NANOS).plusSeconds(1));
        assertThat(pipeline.stats().failed()).isEqualTo(1);
        assertThat(pipeline.stats().inFlight()).isZero();
        assertThat(resolver.calls.getFirst().future()).isCancelled();
        // a late answer of the expired attempt changes nothing
        resolver.answering(FakeResolver::ok);
        run(Duration.ofMinutes(2));
        assertThat(resolver.calls).hasSize(2);
        assertThat(sink.state().torrents()).containsOnlyKeys(h(1));
    }

    @Test
    void shutdownWritesSeenCountsAndKeepsInFlightHashesPending() throws Exception {
        harvest(1, GET_PEERS);
        harvest(2, SAMPLE);
        run(BATCH_DELAY);
        harvest(2, SAMPLE);
        harvest(2, SAMPLE);
        step();
        pipeline.shutdown();
        assertThat(resolver.calls).allSatisfy(c -> assertThat(c.future()).isCancelled());
        InMemorySink.State s = sink.state();
        assertThat(s.pending()).containsOnlyKeys(h(1), h(2));
        assertThat(s.pending().get(h(2)).seenCount()).isEqualTo(3);
        assertThat(s.pending().get(h(1)).attempts()).isZero();
    }

    @Test
    void withAStartSpreadANewHashWaitsAndIsNotFetchedWhenStoredMeanwhile() throws Exception {
        config = config.withStartSpread(Duration.ofSeconds(10));
        resolver.answering(FakeResolver::ok);
        InfoHash a = InfoHash.fromHex("8" + "0".repeat(38) + "1"); // waits 5 s
        InfoHash b = InfoHash.fromHex("4" + "0".repeat(38) + "2"); // waits 2.5 s
        harvester.offer(new Harvest(a, ANNOUNCE, peer(1), clock.nanos()));
        harvester.offer(new Harvest(b, ANNOUNCE, peer(2), clock.nanos()));
        run(Duration.ofSeconds(2));
        assertThat(resolver.hashesCalled()).as("both wait their spread").isEmpty();
        // another crawler of the fleet fetched a meanwhile
        sink.write(new io.lodestone.crawler.CrawlBatch(List.of(), List.of(), List.of(new ResolvedTorrent(a,
                FakeResolver.infoDict(a), T0, T0, 1, 1)), List.of()));
        run(Duration.ofSeconds(9));
        assertThat(resolver.hashesCalled()).containsExactly(b);
        run(BATCH_DELAY);
        assertThat(sink.state().pending()).doesNotContainKeys(a, b);
        assertThat(pipeline.stats().pending()).isZero();
    }

    @Test
    void aRunningResolutionOfAHashIndexedMeanwhileIsCutShort() throws Exception {
        harvest(1, ANNOUNCE);
        harvest(2, ANNOUNCE);
        step();
        assertThat(resolver.hashesCalled()).containsExactly(h(1), h(2));
        // another crawler of the fleet (or a hybrid's other key) put h(1) in the store meanwhile
        sink.write(new io.lodestone.crawler.CrawlBatch(List.of(), List.of(), List.of(new ResolvedTorrent(h(1),
                FakeResolver.infoDict(h(1)), T0, T0, 1, 1)), List.of()));
        int writes = sink.batches().size();
        run(Duration.ofMillis(1_500));
        assertThat(resolver.calls.getFirst().future()).isCancelled();
        assertThat(resolver.calls.get(1).future()).isNotCancelled();
        assertThat(pipeline.stats().inFlight()).isEqualTo(1);
        assertThat(sink.state().pending()).doesNotContainKey(h(1));
        assertThat(sink.batches().subList(writes, sink.batches().size()))
                .allSatisfy(b -> assertThat(b.resolved()).isEmpty());
        harvest(1, ANNOUNCE); // and it is a sighting now, not a fetch
        run(Duration.ofSeconds(2));
        assertThat(resolver.hashesCalled()).containsExactly(h(1), h(2));
    }

    @Test
    void theListenerHearsOfEachHarvestAndWhetherItsHashNowWaits() throws Exception {
        List<String> heard = new java.util.ArrayList<>();
        pipeline = new Pipeline(config, harvester, resolver, sink, time, 99, new io.lodestone.crawler.OutcomeListener() {
            @Override
            public void onHarvestHandled(Harvest harvest, boolean pending) {
                heard.add(harvest.infoHash().equals(h(1)) + " " + pending);
            }
        });
        sink.blocked.add(h(2));
        harvest(1, ANNOUNCE);
        harvest(1, GET_PEERS);
        harvest(2, ANNOUNCE);
        step();
        assertThat(heard).containsExactly("true true", "true true", "false false");
    }
}
