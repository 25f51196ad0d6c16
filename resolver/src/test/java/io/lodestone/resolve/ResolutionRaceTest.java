package io.lodestone.resolve;

import static io.lodestone.resolve.VirtualResolver.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.resolve.ResolveResult.Resolved;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The race between sources and peers, in virtual time with scripted sources and fetches: the first
 * verified answer wins whichever source found its peer, the losers are cancelled, and each caller's
 * deadline is its own while the shared resolution lives as long as the latest.
 */
class ResolutionRaceTest {

    private static final byte[] INFO = InfoDicts.singleFile("race.bin", 40, 3);
    private static final MagnetUri MAGNET = VirtualResolver.magnet(INFO);
    private static final ResolveConfig LOOPBACK = ResolveConfig.defaults().withAllowPrivatePeers(true);

    private final VirtualResolver time = new VirtualResolver();

    private static FetchResult.Success success(int port) {
        return new FetchResult.Success(INFO, peer(port), Duration.ZERO, "fake");
    }

    @Test
    void aLaterSourcesQuickPeerBeatsAnEarlierSourcesHangingOne() {
        List<CompletableFuture<Void>> sources = new CopyOnWriteArrayList<>();
        PeerSource magnetPeers = (m, onPeer) -> {
            onPeer.accept(peer(1)); // at once, but it will hang
            CompletableFuture<Void> f = new CompletableFuture<>();
            sources.add(f);
            return f;
        };
        PeerSource dht = (m, onPeer) -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            sources.add(f);
            time.scheduler.schedule(Duration.ofMillis(300).toNanos(), () -> onPeer.accept(peer(2)));
            return f;
        };
        ResolveService service = time.service(LOOPBACK, List.of(magnetPeers, dht));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(10));
        assertThat(time.fetches).extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1));

        time.advance(Duration.ofMillis(299));
        assertThat(time.fetches).as("nothing else to ask yet").hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(time.fetches).as("past the stagger: the DHT's peer is asked as soon as it is found")
                .extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(2));

        time.advance(Duration.ofMillis(10));
        time.fetches.get(1).future().complete(success(2));
        assertThat(r.getNow(null)).isInstanceOfSatisfying(Resolved.class, ok -> {
            assertThat(ok.peer()).isEqualTo(peer(2));
            assertThat(ok.elapsed()).isEqualTo(Duration.ofMillis(310));
        });
        assertThat(time.fetches.getFirst().future()).as("the loser is cut off").isCancelled();
        assertThat(sources).allMatch(CompletableFuture::isCancelled);
        assertThat(service.connections()).isZero();
        assertThat(service.running()).isZero();
        assertThat(time.scheduler.pending()).as("no timer outlives the resolve").isZero();
    }

    @Test
    void twoPeersAnsweringAtOnceGiveOneResult() {
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ZERO),
                List.of(time.timed(Duration.ZERO, peer(1), Duration.ZERO, peer(2))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ZERO);
        assertThat(time.fetches).hasSize(2);
        time.fetches.get(1).future().complete(success(2));
        time.fetches.get(0).future().complete(success(1));
        assertThat(r.getNow(null)).isInstanceOfSatisfying(Resolved.class, ok -> assertThat(ok.peer()).isEqualTo(peer(2)));
        assertThat(service.timeToMetadata().getTotalCount()).as("one resolve, recorded once").isEqualTo(1);
        assertThat(service.connections()).isZero();
    }

    @Test
    void eachCallerKeepsItsOwnDeadlineWhileTheResolutionServesTheLatest() {
        ResolveService service = time.service(LOOPBACK, List.of(time.timed(Duration.ofSeconds(2), peer(1))));
        CompletableFuture<ResolveResult> early = service.resolve(MAGNET, Duration.ofSeconds(1));
        CompletableFuture<ResolveResult> late = service.resolve(MAGNET, Duration.ofSeconds(5));

        time.advance(Duration.ofSeconds(1));
        assertThat(early.getNow(null)).isInstanceOf(NotFound.class);
        assertThat(late).isNotDone();
        assertThat(service.running()).as("the later caller still waits").isEqualTo(1);

        time.advance(Duration.ofSeconds(1));
        assertThat(time.fetches).hasSize(1);
        time.fetches.getFirst().future().complete(success(1));
        assertThat(late.getNow(null)).isInstanceOf(Resolved.class);
    }

    @Test
    void theDeadlineCutsOffHangingFetchesAndNamesTheCause() {
        ResolveService service = time.service(LOOPBACK, List.of(time.timed(Duration.ZERO, peer(1))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(3));
        time.advance(Duration.ZERO);
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofSeconds(3));
        assertThat(r.getNow(null)).isInstanceOfSatisfying(NotFound.class,
                nf -> assertThat(nf.cause()).isEqualTo(ResolveResult.Cause.DEADLINE));
        assertThat(time.fetches.getFirst().future()).isCancelled();
        assertThat(service.connections()).isZero();
    }

    @Test
    void aPeerThatFailedIsAskedAgainOnlyWhenASourceReportsItAgain() {
        ResolveService service = time.service(LOOPBACK,
                List.of(time.timed(Duration.ZERO, peer(1), Duration.ofSeconds(2), peer(1))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ZERO);
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.CONNECT_TIMEOUT, peer(1)));
        time.advance(Duration.ofMillis(1999));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(time.fetches).hasSize(2);
        time.fetches.get(1).future().complete(success(1));
        assertThat(r.getNow(null)).isInstanceOf(Resolved.class);
    }

    @Test
    void aPeerThatWentSilentIsAskedOnceMoreAfterAPauseWhenNoOneElseIsLeft() {
        ResolveService service = time.service(LOOPBACK, List.of(time.timed(Duration.ZERO, peer(1))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(60));
        time.advance(Duration.ofSeconds(10));
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.HANDSHAKE_TIMEOUT, peer(1)));
        assertThat(r).as("the source is done, but the peer only went silent").isNotDone();
        time.advance(Resolution.RETRY_PAUSE.minusMillis(1));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(time.fetches).extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(1));

        time.fetches.get(1).future().complete(VirtualResolver.failure(FetchResult.Reason.HANDSHAKE_TIMEOUT, peer(1)));
        assertThat(r.getNow(null)).as("two tries are all a peer gets").isInstanceOfSatisfying(NotFound.class, nf -> {
            assertThat(nf.peersTried()).isEqualTo(2);
            assertThat(nf.cause()).isEqualTo(ResolveResult.Cause.SILENT);
        });
        time.advance(Duration.ofSeconds(10));
        assertThat(time.fetches).hasSize(2);
        assertThat(service.connections()).isZero();
    }

    @Test
    void theSilentPeerWaitsWhileOthersAreStillBeingAskedAndCanStillWin() {
        ResolveService service = time.service(LOOPBACK,
                List.of(time.timed(Duration.ZERO, peer(1), Duration.ofSeconds(1), peer(2))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(60));
        time.advance(Duration.ZERO);
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.PIECE_TIMEOUT, peer(1)));
        time.advance(Duration.ofSeconds(5));
        assertThat(time.fetches).as("peer 2 is being asked: no retry of peer 1 yet")
                .extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(2));
        time.fetches.get(1).future().complete(VirtualResolver.failure(FetchResult.Reason.REJECTED, peer(2)));
        time.advance(Resolution.RETRY_PAUSE);
        assertThat(time.fetches).extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(2), peer(1));
        time.fetches.get(2).future().complete(success(1));
        assertThat(r.getNow(null)).isInstanceOf(Resolved.class);
    }

    @Test
    void aPeerThatWasUnreachableClosedTrickledOrRejectedIsNotAskedAgainByTheResolutionItself() {
        for (FetchResult.Reason reason : List.of(FetchResult.Reason.CONNECT_TIMEOUT, FetchResult.Reason.CONNECT_FAILED,
                FetchResult.Reason.CLOSED, FetchResult.Reason.ENCRYPTION_REFUSED, FetchResult.Reason.TOO_SLOW,
                FetchResult.Reason.REJECTED)) {
            VirtualResolver t = new VirtualResolver();
            ResolveService service = t.service(LOOPBACK, List.of(t.timed(Duration.ZERO, peer(1))));
            CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(60));
            t.advance(Duration.ZERO);
            t.fetches.getFirst().future().complete(VirtualResolver.failure(reason, peer(1)));
            assertThat(r.getNow(null)).as("%s", reason).isInstanceOf(NotFound.class);
            t.advance(Duration.ofSeconds(10));
            assertThat(t.fetches).as("%s", reason).hasSize(1);
        }
    }

    @Test
    void noRetryWhenTheDeadlineLeavesNoRoomForIt() {
        ResolveService service = time.service(LOOPBACK, List.of(time.timed(Duration.ZERO, peer(1))));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(9));
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.HANDSHAKE_TIMEOUT, peer(1)));
        assertThat(r.getNow(null)).isInstanceOf(NotFound.class);
        assertThat(time.fetches).hasSize(1);
    }

    @Test
    void aServiceThatRemembersDeadPeersDoesNotDialTheSilentOneAgain() {
        DialConfig remembering = new DialConfig(16, Duration.ofMinutes(10), 100, 0, 1);
        ResolveService service = time.service(LOOPBACK, List.of(time.timed(Duration.ZERO, peer(1))), remembering);
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(60));
        time.advance(Duration.ZERO);
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.HANDSHAKE_TIMEOUT, peer(1)));
        assertThat(r.getNow(null)).as("nothing to wait for: the dialer would not dial it").isInstanceOf(NotFound.class);
        time.advance(Resolution.RETRY_PAUSE);
        assertThat(time.fetches).hasSize(1);
    }
}
