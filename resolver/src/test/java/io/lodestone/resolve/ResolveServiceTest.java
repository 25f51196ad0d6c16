package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import io.lodestone.resolve.FetchResult.Success;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.resolve.ResolveResult.Resolved;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ResolveService} with scripted sources and a scripted fetch in virtual time (no sockets, no
 * sleeps), and two cases with fake peers on loopback for the real fetcher.
 */
@Timeout(60)
class ResolveServiceTest {

    private static final long BOUND_SECONDS = 15;
    private static final byte[] INFO = InfoDicts.singleFile("sample.bin", 100, 7);
    private static final InfoHash HASH = InfoDicts.sha1(INFO);
    private static final MagnetUri MAGNET = MagnetUri.of(HASH);
    private static final FetchConfig QUICK = FetchConfig.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(2));
    private static final ResolveConfig LOOPBACK = ResolveConfig.defaults().withAllowPrivatePeers(true);

    /** A source that gives these peers and is then exhausted. */
    private static PeerSource peers(InetSocketAddress... peers) {
        return (m, onPeer) -> {
            List.of(peers).forEach(onPeer);
            return CompletableFuture.completedFuture(null);
        };
    }

    /** A source that never ends on its own; remembers its futures so the test can see them cancelled. */
    private static PeerSource endless(List<CompletableFuture<Void>> seen) {
        return (m, onPeer) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            seen.add(f);
            return f;
        };
    }

    private static InetSocketAddress fakeAddress(int port) {
        return VirtualResolver.peer(port);
    }

    private final VirtualResolver time = new VirtualResolver();

    /** A service in virtual time with this scripted fetch. */
    private ResolveService virtual(ResolveConfig config, PeerFetcher fetch, PeerSource... sources) {
        return time.service(config, List.of(sources), DialConfig.unlimited(config.maxConnections()), fetch);
    }

    @Test
    void theSearchStopsOnceEveryCallerCancelled() throws Exception {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> sources = new CopyOnWriteArrayList<>();
        PeerFetcher fetch = (m, p) -> {
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            fetches.add(f);
            return f;
        };
        PeerSource slowPeer = (m, onPeer) -> {
            onPeer.accept(fakeAddress(1));
            CompletableFuture<Void> f = new CompletableFuture<>();
            sources.add(f);
            return f;
        };
        ResolveService service = virtual(LOOPBACK, fetch, slowPeer);
        CompletableFuture<ResolveResult> first = service.resolve(MAGNET, Duration.ofSeconds(30));
        CompletableFuture<ResolveResult> second = service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(fetches).as("the peer the source gave at once is asked at once").hasSize(1);
        first.cancel(true);
        assertThat(service.running()).as("another caller still waits").isEqualTo(1);
        assertThat(fetches.getFirst().isCancelled()).isFalse();
        second.cancel(true);
        assertThat(service.running()).isZero();
        assertThat(fetches.getFirst().isCancelled()).isTrue();
        assertThat(sources).allMatch(CompletableFuture::isCancelled);
        assertThat(service.connections()).isZero();
    }

    @Test
    void firstVerifiedAnswerWinsAndTheSlowFetchIsCancelled() throws Exception {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        PeerFetcher fetch = (m, p) -> {
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            fetches.add(f);
            if (p.getPort() == 2) {
                f.complete(new Success(INFO, p, Duration.ofMillis(5), "fake"));
            }
            return f;
        };
        ResolveService service = virtual(LOOPBACK.withFetchStagger(Duration.ZERO), fetch,
                peers(fakeAddress(1), fakeAddress(2)));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).getNow(null);
        assertThat(r).isInstanceOf(Resolved.class);
        assertThat(((Resolved) r).peer()).isEqualTo(fakeAddress(2));
        assertThat(((Resolved) r).metainfo().infoBytes()).isEqualTo(INFO);
        assertThat(fetches.getFirst().isCancelled()).isTrue();
        assertThat(service.connections()).isZero();
        assertThat(service.running()).isZero();
        assertThat(service.timeToMetadata().getTotalCount()).isEqualTo(1);
    }

    @Test
    void hostilePeerAndHonestPeerGiveTheHonestMetadata() throws Exception {
        byte[] forged = INFO.clone();
        forged[forged.length - 30] ^= 1;
        MetadataFetcher fetcher = new MetadataFetcher(QUICK);
        try (FakePeer liar = FakePeer.start(FakePeer.honest(forged, HASH));
             FakePeer honest = FakePeer.start(FakePeer.honest(INFO, HASH))) {
            ResolveService service = new ResolveService(LOOPBACK.withParallelism(1, 10), fetcher,
                    List.of(peers(liar.address(), honest.address())));
            ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(20)).get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(r).isInstanceOf(Resolved.class);
            Resolved ok = (Resolved) r;
            assertThat(ok.peer()).isEqualTo(honest.address());
            assertThat(ok.metainfo().infoBytes()).isEqualTo(INFO);
            assertThat(ok.metainfo().infoHashV1()).isEqualTo(HASH);
        }
    }

    @Test
    void onlyHostilePeersGiveNothing() throws Exception {
        byte[] forged = INFO.clone();
        forged[forged.length - 30] ^= 1;
        try (FakePeer liar = FakePeer.start(FakePeer.honest(forged, HASH))) {
            ResolveService service = new ResolveService(LOOPBACK, new MetadataFetcher(QUICK),
                    List.of(peers(liar.address())));
            ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(20)).get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(r).isInstanceOf(NotFound.class);
            assertThat(((NotFound) r).peersTried()).isEqualTo(1);
        }
    }

    @Test
    void duplicateRequestsShareOneResolution() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<FetchResult> pending = new CompletableFuture<>();
        PeerFetcher fetch = (m, p) -> {
            calls.incrementAndGet();
            return pending;
        };
        ResolveService service = virtual(LOOPBACK, fetch, peers(fakeAddress(1)));
        CompletableFuture<ResolveResult> a = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(1));
        CompletableFuture<ResolveResult> b = service.resolve(MAGNET, Duration.ofSeconds(10));
        assertThat(service.running()).isEqualTo(1);
        pending.complete(new Success(INFO, fakeAddress(1), Duration.ofMillis(1), "fake"));
        ResolveResult ra = a.getNow(null);
        ResolveResult rb = b.getNow(null);
        assertThat(ra).isInstanceOf(Resolved.class).isSameAs(rb);
        assertThat(calls).hasValue(1);
    }

    @Test
    void deadlineGivesNotFoundAndCancelsTheSources() throws Exception {
        List<CompletableFuture<Void>> sources = new CopyOnWriteArrayList<>();
        ResolveService service = virtual(LOOPBACK, (m, p) -> new CompletableFuture<>(), endless(sources));
        CompletableFuture<ResolveResult> f = service.resolve(MAGNET, Duration.ofMillis(300));
        time.advance(Duration.ofMillis(299));
        assertThat(f).isNotDone();
        time.advance(Duration.ofMillis(1));
        assertThat(f.getNow(null)).isInstanceOfSatisfying(NotFound.class,
                nf -> assertThat(nf.cause()).isEqualTo(ResolveResult.Cause.NO_PEERS));
        assertThat(sources).hasSize(1);
        assertThat(sources.getFirst().isCancelled()).isTrue();
        assertThat(service.running()).isZero();
    }

    @Test
    void peersAreDedupedAndAFailedPeerIsNotAskedAgain() throws Exception {
        Map<InetSocketAddress, AtomicInteger> asked = new ConcurrentHashMap<>();
        PeerFetcher fetch = (m, p) -> {
            asked.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(new Failure(Reason.HASH_MISMATCH, "lied", p, Duration.ZERO));
        };
        ResolveService service = virtual(LOOPBACK, fetch,
                peers(fakeAddress(1), fakeAddress(2)), peers(fakeAddress(2), fakeAddress(1)));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).getNow(null);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(((NotFound) r).peersTried()).isEqualTo(2);
        assertThat(asked.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void aPeerThatFailedForAPassingReasonIsAskedOnceMoreWhenReportedAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        PeerFetcher fetch = (m, p) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new Failure(Reason.CONNECT_FAILED, "refused", p, Duration.ZERO));
        };
        InetSocketAddress same = fakeAddress(1);
        ResolveService service = virtual(LOOPBACK, fetch, peers(same, same, same, same, same));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).getNow(null);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(asked).hasValue(Resolution.MAX_ATTEMPTS_PER_PEER);
    }

    @Test
    void parallelFetchesStayWithinTheLimit() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        PeerFetcher fetch = (m, p) -> {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            time.scheduler.schedule(Duration.ofMillis(20).toNanos(), () -> {
                open.decrementAndGet();
                f.complete(new Failure(Reason.CLOSED, "gone", p, Duration.ZERO));
            });
            return f;
        };
        InetSocketAddress[] many = new InetSocketAddress[20];
        for (int i = 0; i < many.length; i++) {
            many[i] = fakeAddress(i + 1);
        }
        ResolveService service = virtual(LOOPBACK.withParallelism(3, 10), fetch, peers(many));
        CompletableFuture<ResolveResult> f = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(5));
        assertThat(f.getNow(null)).isInstanceOf(NotFound.class);
        assertThat(((NotFound) f.getNow(null)).peersTried()).isEqualTo(20);
        // each fetch takes 20 ms and the next may start 100 ms after the one before (the stagger):
        // the limit is reached only without the stagger, so it is checked both ways
        assertThat(most.get()).isEqualTo(1);
        most.set(0);
        ResolveService eager = virtual(LOOPBACK.withParallelism(3, 10).withFetchStagger(Duration.ZERO), fetch,
                peers(many));
        CompletableFuture<ResolveResult> g = eager.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(5));
        assertThat(g.getNow(null)).isInstanceOf(NotFound.class);
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void everyFetchOutcomeIsCountedAndReportedToListeners() throws Exception {
        PeerFetcher fetch = (m, p) ->
                CompletableFuture.completedFuture(switch (p.getPort()) {
                    case 1 -> new Failure(Reason.HASH_MISMATCH, "lied", p, Duration.ZERO);
                    case 2 -> new Failure(Reason.PROTOCOL_ERROR, "babbled", p, Duration.ZERO);
                    case 3 -> new Failure(Reason.HASH_MISMATCH, "lied too", p, Duration.ZERO);
                    default -> new Success(INFO, p, Duration.ZERO, "fake");
                });
        ResolveService service = virtual(LOOPBACK.withParallelism(1, 10), fetch,
                peers(fakeAddress(1), fakeAddress(2), fakeAddress(3), fakeAddress(4)));
        List<FetchResult> seen = new CopyOnWriteArrayList<>();
        service.addFetchListener((m, r) -> {
            assertThat(m).isEqualTo(MAGNET);
            seen.add(r);
        });
        service.addFetchListener((m, r) -> {
            throw new IllegalStateException("a broken observer");
        });
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).getNow(null);
        assertThat(r).isInstanceOf(Resolved.class);
        assertThat(seen).extracting(FetchResult::peer)
                .containsExactly(fakeAddress(1), fakeAddress(2), fakeAddress(3), fakeAddress(4));
        assertThat(service.fetchFailures()).isEqualTo(Map.of(Reason.HASH_MISMATCH, 2L, Reason.PROTOCOL_ERROR, 1L));
        assertThat(service.fetchesSucceeded()).isEqualTo(1);
    }

    @Test
    void aPeerThatRefusedOrLiedIsNeverAskedAgainHoweverOftenReported() throws Exception {
        Map<InetSocketAddress, AtomicInteger> asked = new ConcurrentHashMap<>();
        PeerFetcher fetch = (m, p) -> {
            asked.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            Reason why = p.getPort() == 1 ? Reason.PROTOCOL_ERROR : Reason.TOO_SLOW;
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            time.scheduler.schedule(Duration.ofMillis(5).toNanos(), () -> f.complete(new Failure(why, "bad", p,
                    Duration.ZERO)));
            return f;
        };
        // a source that reports both peers again every 2 ms, 100 times, like a DHT that keeps announcing them
        Object[] script = new Object[400];
        for (int i = 0; i < 100; i++) {
            script[4 * i] = Duration.ofMillis(2L * i);
            script[4 * i + 1] = fakeAddress(1);
            script[4 * i + 2] = Duration.ofMillis(2L * i);
            script[4 * i + 3] = fakeAddress(2);
        }
        ResolveService service = virtual(LOOPBACK, fetch, time.timed(script));
        CompletableFuture<ResolveResult> f = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(1));
        assertThat(f.getNow(null)).isInstanceOf(NotFound.class);
        assertThat(asked.get(fakeAddress(1))).as("refused: never again").hasValue(1);
        assertThat(asked.get(fakeAddress(2))).as("too slow, a passing reason: once more when reported again, no more")
                .hasValue(Resolution.MAX_ATTEMPTS_PER_PEER);
    }

    @Test
    void privatePeersAreDroppedUnlessAllowed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ResolveService service = virtual(ResolveConfig.defaults(), (m, p) -> {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        }, peers(fakeAddress(1)));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).getNow(null);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(calls).hasValue(0);
    }
}
