package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.FetchResult.Failure;
import io.lodestone.resolve.FetchResult.Reason;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One resolve in a swarm with hostile peers, and what must hold of it. The hostile peers go in the
 * magnet's {@code x.pe}; the honest ones are held back until every hostile peer's first fetch has
 * ended, so the resolver has to refuse each hostile peer itself: it cannot just happen to finish
 * before one of them misbehaves.
 */
final class HostileSwarm {

    /** Room past the resolve's own deadline for its future to complete. */
    static final Duration RESULT_GRACE = Duration.ofSeconds(10);

    private HostileSwarm() {
    }

    /** A hostile peer and the reasons it may be refused for; {@code hint}, if not null, must be in the detail. */
    record Expect(HostilePeer peer, Set<Reason> reasons, String hint) {
    }

    /** How a resolve went: its result and every fetch result the service reported, in order. */
    record Outcome(ResolveResult result, List<FetchResult> fetches, ResolveService service) {
        List<Failure> failuresOf(InetSocketAddress peer) {
            return fetches.stream().filter(f -> f.peer().equals(peer)).filter(Failure.class::isInstance)
                    .map(Failure.class::cast).toList();
        }
    }

    /**
     * Resolves {@code magnet} (without peers) plus the hostile peers as {@code x.pe}; {@code honest}
     * (null for none) starts once each hostile peer's first fetch has ended; {@code more} sources run
     * from the start, and {@code extra} (may be null) hears every fetch result after the swarm does.
     */
    static Outcome resolve(String magnet, List<Expect> hostile, ResolveConfig config, MetadataFetcher fetcher,
                           PeerSource honest, List<PeerSource> more, ResolveService.FetchListener extra,
                           Duration timeout) throws Exception {
        StringBuilder uri = new StringBuilder(magnet);
        Set<InetSocketAddress> waiting = ConcurrentHashMap.newKeySet();
        for (Expect e : hostile) {
            InetSocketAddress a = e.peer().address();
            uri.append("&x.pe=").append(a.getAddress().getHostAddress()).append(':').append(a.getPort());
            waiting.add(a);
        }
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<FetchResult> fetches = new CopyOnWriteArrayList<>();
        List<PeerSource> sources = new ArrayList<>();
        sources.add(new MagnetPeerSource());
        sources.add(after(gate, honest));
        sources.addAll(more);
        ResolveService service = new ResolveService(config, fetcher, sources);
        service.addFetchListener((m, r) -> {
            fetches.add(r);
            if (extra != null) {
                extra.onFetch(m, r);
            }
            if (waiting.remove(r.peer()) && waiting.isEmpty()) {
                gate.complete(null);
            }
        });
        ResolveResult result = service.resolve(MagnetUri.parse(uri.toString()), timeout)
                .get(timeout.plus(RESULT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        return new Outcome(result, fetches, service);
    }

    /** {@code inner} (nothing if null) started once {@code gate} opens; cancelling the result stops it. */
    static PeerSource after(CompletableFuture<Void> gate, PeerSource inner) {
        return (magnet, onPeer) -> {
            CompletableFuture<Void> outer = new CompletableFuture<>();
            AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
            gate.thenRunAsync(() -> {
                if (outer.isDone()) {
                    return;
                }
                if (inner == null) {
                    outer.complete(null);
                    return;
                }
                CompletableFuture<Void> f = inner.find(magnet, onPeer);
                running.set(f);
                f.whenComplete((v, e) -> outer.complete(null));
                if (outer.isDone()) {
                    f.cancel(true);
                }
            });
            outer.whenComplete((v, e) -> {
                CompletableFuture<Void> f = running.get();
                if (outer.isCancelled() && f != null) {
                    f.cancel(true);
                }
            });
            return outer;
        };
    }

    /**
     * Each hostile peer refused for its own fault every time it was asked, never a source of
     * metadata, counted by the service, asked at most {@link Resolution#MAX_ATTEMPTS_PER_PEER}
     * times, and hung up on each time (its connections may take {@code bound} to end).
     */
    static void assertRefused(Outcome o, List<Expect> hostile, Duration bound) throws Exception {
        for (Expect e : hostile) {
            String who = e.peer().toString();
            List<FetchResult> own = o.fetches().stream().filter(r -> r.peer().equals(e.peer().address())).toList();
            assertThat(own).as(who).isNotEmpty().allSatisfy(r -> {
                assertThat(r).as(who).isInstanceOf(Failure.class);
                Failure f = (Failure) r;
                assertThat(e.reasons()).as("%s: %s %s", who, f.reason(), f.detail()).contains(f.reason());
                if (e.hint() != null) {
                    assertThat(f.detail()).as(who).containsIgnoringCase(e.hint());
                }
                assertThat(o.service().fetchFailures()).as(who).containsKey(f.reason());
            });
            List<HostilePeer.Session> sessions = e.peer().sessions(bound);
            assertThat(sessions).as(who).isNotEmpty().hasSizeLessThanOrEqualTo(Resolution.MAX_ATTEMPTS_PER_PEER);
            assertThat(sessions).as(who).allSatisfy(s -> {
                assertThat(s.problem()).as(who).isNull();
                assertThat(s.closedByResolver()).as(who + " hung up on").isTrue();
            });
        }
    }
}
