package io.lodestone.resolve;

import static io.lodestone.resolve.VirtualResolver.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * When a resolution asks peers, in virtual time: not before its sources started (the service
 * registers it first, and another resolution's finished fetch pumps every registered one: against
 * libtorrent seeders a pump in that gap ended fresh resolves at once with "no peers found"), and
 * with later peers held back by the fetch stagger while one fetch is under way.
 */
class ResolutionPacingTest {

    private static final MagnetUri MAGNET = MagnetUri.of(InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"));
    private static final ResolveConfig LOOPBACK = ResolveConfig.defaults().withAllowPrivatePeers(true);

    private final VirtualResolver time = new VirtualResolver();

    private Resolution resolution(ResolveService service) {
        return new Resolution(MAGNET, service, time.clock.nanos() + Duration.ofSeconds(30).toNanos());
    }

    /** A source that gives these peers at once and never ends. */
    private static PeerSource peers(int... ports) {
        return (m, onPeer) -> {
            for (int port : ports) {
                onPeer.accept(peer(port));
            }
            return new CompletableFuture<>();
        };
    }

    @Test
    void aPumpBeforeTheSourcesStartDoesNotEndIt() {
        Resolution r = resolution(time.service(ResolveConfig.defaults(), List.of()));
        r.pump();
        assertThat(r.result()).isNotDone();

        CompletableFuture<Void> source = new CompletableFuture<>();
        r.start(List.of((m, onPeer) -> source));
        r.pump();
        assertThat(r.result()).isNotDone();

        source.complete(null); // the only source ends with no peers: now it is over
        assertThat(r.result()).isCompletedWithValueMatching(res -> res instanceof NotFound nf
                && nf.reason().equals("no peers found"));
    }

    @Test
    void whileOneFetchRunsTheNextWaitsForTheStagger() {
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ofMinutes(1)),
                List.of(peers(1, 2, 3)));
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofSeconds(20));
        assertThat(time.fetches).as("a minute's stagger: still one").hasSize(1);

        // the first one failing frees the way at once
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.CONNECT_FAILED, peer(1)));
        assertThat(time.fetches).hasSize(2);
        assertThat(r).isNotDone();
        r.cancel(true);
    }

    @Test
    void withoutAStaggerThePeersAreAskedAtOnce() {
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ZERO), List.of(peers(1, 2, 3)));
        service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(time.fetches).hasSize(3);
    }

    @Test
    void withAShortStaggerTheOthersFollowWhileTheFirstHangs() {
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ofMillis(20)),
                List.of(peers(1, 2, 3)));
        service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofMillis(19));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(time.fetches).hasSize(2);
        time.advance(Duration.ofMillis(20));
        assertThat(time.fetches).extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(2), peer(3));
        time.advance(Duration.ofSeconds(1));
        assertThat(time.fetches).as("the parallel limit (4) is not the bound here: there are only 3").hasSize(3);
    }

    @Test
    void withNoSourcesAtAllItEndsOnceStarted() {
        Resolution r = resolution(time.service(ResolveConfig.defaults(), List.of()));
        r.start(List.of());
        assertThat(r.result()).isCompletedWithValueMatching(res -> res instanceof NotFound);
    }

    /**
     * The winning fetch is told to the listeners before the resolution finishes; a pump in that
     * gap (here: the other peer failing, as another thread would) must not end it as exhausted.
     */
    @Test
    void aWinningFetchIsNotLostToAPumpWhileItIsBeingRecorded() {
        InetSocketAddress one = peer(1);
        InetSocketAddress two = peer(2);
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ZERO), List.of((m, onPeer) -> {
            onPeer.accept(one);
            onPeer.accept(two);
            return CompletableFuture.completedFuture(null); // no more peers to come
        }));
        service.addFetchListener((m, result) -> {
            if (result instanceof FetchResult.Success) {
                time.fetches.get(1).future().complete(VirtualResolver.failure(FetchResult.Reason.CONNECT_FAILED, two));
            }
        });
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(time.fetches).hasSize(2);
        byte[] info = InfoDicts.singleFile("won.bin", 2, 7);
        time.fetches.getFirst().future().complete(new FetchResult.Success(info, one, Duration.ZERO, null));
        assertThat(r).isCompletedWithValueMatching(res -> res instanceof ResolveResult.Resolved, "resolved");
    }

    /** A peer whose IP has no dial token left waits for the token, and is dialled the moment it comes. */
    @Test
    void aPeerHeldBackByItsIpRateIsDialledWhenTheTokenComes() {
        DialConfig onePerSecond = new DialConfig(10, Duration.ZERO, 1, 1.0, 1);
        ResolveService service = time.service(LOOPBACK.withFetchStagger(Duration.ZERO), List.of(peers(1, 2)),
                onePerSecond, (m, p) -> {
                    CompletableFuture<FetchResult> f = new CompletableFuture<>();
                    time.fetches.add(new VirtualResolver.Fetch(p, f));
                    return f;
                });
        service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(time.fetches).as("one token for the IP both peers share").hasSize(1);
        time.advance(Duration.ofMillis(999));
        assertThat(time.fetches).hasSize(1);
        time.advance(Duration.ofMillis(1));
        assertThat(time.fetches).extracting(VirtualResolver.Fetch::peer).containsExactly(peer(1), peer(2));
    }

    /** With the service's one connection taken, another hash waits, and goes the moment it is freed. */
    @Test
    void aResolutionWithoutAFreeConnectionGoesWhenAnotherHashsFetchEnds() {
        ResolveService service = time.service(LOOPBACK.withParallelism(1, 1), List.of(peers(1)));
        MagnetUri other = MagnetUri.of(InfoHash.fromHex("ffeeddccbbaa99887766554433221100ffeeddcc"));
        service.resolve(MAGNET, Duration.ofSeconds(30));
        service.resolve(other, Duration.ofSeconds(30));
        assertThat(time.fetches).as("one connection for both").hasSize(1);
        time.advance(Duration.ofSeconds(5));
        assertThat(time.fetches).hasSize(1);
        time.fetches.getFirst().future().complete(VirtualResolver.failure(FetchResult.Reason.CONNECT_FAILED, peer(1)));
        assertThat(time.fetches).as("the freed connection goes to the waiting hash").hasSize(2);
        assertThat(service.connections()).isEqualTo(1);
    }
}
