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
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ResolveService} with scripted sources, and fake peers on loopback or a scripted fetch. */
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
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void theSearchStopsOnceEveryCallerCancelled() throws Exception {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> sources = new CopyOnWriteArrayList<>();
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
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
        ResolveService service = new ResolveService(LOOPBACK, fetch, List.of(slowPeer));
        CompletableFuture<ResolveResult> first = service.resolve(MAGNET, Duration.ofSeconds(30));
        CompletableFuture<ResolveResult> second = service.resolve(MAGNET, Duration.ofSeconds(30));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (fetches.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(fetches).hasSize(1);
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
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            fetches.add(f);
            if (p.getPort() == 2) {
                f.complete(new Success(INFO, p, Duration.ofMillis(5), "fake"));
            }
            return f;
        };
        ResolveService service = new ResolveService(LOOPBACK, fetch, List.of(peers(fakeAddress(1), fakeAddress(2))));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
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
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            calls.incrementAndGet();
            return pending;
        };
        ResolveService service = new ResolveService(LOOPBACK, fetch, List.of(peers(fakeAddress(1))));
        CompletableFuture<ResolveResult> a = service.resolve(MAGNET, Duration.ofSeconds(10));
        CompletableFuture<ResolveResult> b = service.resolve(MAGNET, Duration.ofSeconds(10));
        assertThat(service.running()).isEqualTo(1);
        pending.complete(new Success(INFO, fakeAddress(1), Duration.ofMillis(1), "fake"));
        ResolveResult ra = a.get(BOUND_SECONDS, TimeUnit.SECONDS);
        ResolveResult rb = b.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(ra).isInstanceOf(Resolved.class).isSameAs(rb);
        assertThat(calls).hasValue(1);
    }

    @Test
    void deadlineGivesNotFoundAndCancelsTheSources() throws Exception {
        List<CompletableFuture<Void>> sources = new CopyOnWriteArrayList<>();
        ResolveService service = new ResolveService(LOOPBACK, (m, p) -> new CompletableFuture<>(),
                List.of(endless(sources)));
        long start = System.nanoTime();
        ResolveResult r = service.resolve(MAGNET, Duration.ofMillis(300)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)).join();
        assertThat(sources).hasSize(1);
        assertThat(sources.getFirst().isCancelled()).isTrue();
        assertThat(service.running()).isZero();
    }

    @Test
    void peersAreDedupedAndAFailedPeerIsNotAskedAgain() throws Exception {
        Map<InetSocketAddress, AtomicInteger> asked = new ConcurrentHashMap<>();
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            asked.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(new Failure(Reason.HASH_MISMATCH, "lied", p, Duration.ZERO));
        };
        ResolveService service = new ResolveService(LOOPBACK, fetch,
                List.of(peers(fakeAddress(1), fakeAddress(2)), peers(fakeAddress(2), fakeAddress(1))));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(((NotFound) r).peersTried()).isEqualTo(2);
        assertThat(asked.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void aPeerThatFailedForAPassingReasonIsAskedOnceMoreWhenReportedAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(new Failure(Reason.CONNECT_FAILED, "refused", p, Duration.ZERO));
        };
        InetSocketAddress same = fakeAddress(1);
        ResolveService service = new ResolveService(LOOPBACK, fetch,
                List.of(peers(same, same, same, same, same)));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(asked).hasValue(Resolution.MAX_ATTEMPTS_PER_PEER);
    }

    @Test
    void parallelFetchesStayWithinTheLimit() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            most.accumulateAndGet(open.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                open.decrementAndGet();
                return (FetchResult) new Failure(Reason.CLOSED, "gone", p, Duration.ZERO);
            }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        };
        InetSocketAddress[] many = new InetSocketAddress[20];
        for (int i = 0; i < many.length; i++) {
            many[i] = fakeAddress(i + 1);
        }
        ResolveService service = new ResolveService(LOOPBACK.withParallelism(3, 10), fetch, List.of(peers(many)));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(((NotFound) r).peersTried()).isEqualTo(20);
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void everyFetchOutcomeIsCountedAndReportedToListeners() throws Exception {
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) ->
                CompletableFuture.completedFuture(switch (p.getPort()) {
                    case 1 -> new Failure(Reason.HASH_MISMATCH, "lied", p, Duration.ZERO);
                    case 2 -> new Failure(Reason.PROTOCOL_ERROR, "babbled", p, Duration.ZERO);
                    case 3 -> new Failure(Reason.HASH_MISMATCH, "lied too", p, Duration.ZERO);
                    default -> new Success(INFO, p, Duration.ZERO, "fake");
                });
        ResolveService service = new ResolveService(LOOPBACK.withParallelism(1, 10), fetch,
                List.of(peers(fakeAddress(1), fakeAddress(2), fakeAddress(3), fakeAddress(4))));
        List<FetchResult> seen = new CopyOnWriteArrayList<>();
        service.addFetchListener((m, r) -> {
            assertThat(m).isEqualTo(MAGNET);
            seen.add(r);
        });
        service.addFetchListener((m, r) -> {
            throw new IllegalStateException("a broken observer");
        });
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(Resolved.class);
        assertThat(seen).extracting(FetchResult::peer)
                .containsExactly(fakeAddress(1), fakeAddress(2), fakeAddress(3), fakeAddress(4));
        assertThat(service.fetchFailures()).isEqualTo(Map.of(Reason.HASH_MISMATCH, 2L, Reason.PROTOCOL_ERROR, 1L));
        assertThat(service.fetchesSucceeded()).isEqualTo(1);
    }

    @Test
    void aPeerThatRefusedOrLiedIsNeverAskedAgainHoweverOftenReported() throws Exception {
        Map<InetSocketAddress, AtomicInteger> asked = new ConcurrentHashMap<>();
        BiFunction<MagnetUri, InetSocketAddress, CompletableFuture<FetchResult>> fetch = (m, p) -> {
            asked.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            Reason why = p.getPort() == 1 ? Reason.PROTOCOL_ERROR : Reason.TOO_SLOW;
            return CompletableFuture.supplyAsync(() -> new Failure(why, "bad", p, Duration.ZERO),
                    CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
        };
        // a source that reports both peers again every few milliseconds, like a DHT that keeps announcing them
        PeerSource nagging = (m, onPeer) -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                onPeer.accept(fakeAddress(1));
                onPeer.accept(fakeAddress(2));
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ResolveService service = new ResolveService(LOOPBACK, fetch, List.of(nagging));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(asked.get(fakeAddress(1))).hasValue(1);
        assertThat(asked.get(fakeAddress(2)).get()).isBetween(1, Resolution.MAX_ATTEMPTS_PER_PEER);
    }

    @Test
    void privatePeersAreDroppedUnlessAllowed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ResolveService service = new ResolveService(ResolveConfig.defaults(), (m, p) -> {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        }, List.of(peers(fakeAddress(1))));
        ResolveResult r = service.resolve(MAGNET, Duration.ofSeconds(10)).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(r).isInstanceOf(NotFound.class);
        assertThat(calls).hasValue(0);
    }
}
