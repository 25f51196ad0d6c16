package io.lodestone.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.resolve.ResolveResult.NotFound;
import io.lodestone.types.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a resolution asks peers: not before its sources started (the service registers it first,
 * and another resolution's finished fetch pumps every registered one: against libtorrent seeders
 * a pump in that gap ended fresh resolves at once with "no peers found"), and with later peers
 * held back by the fetch stagger while one fetch is under way.
 */
class ResolutionPacingTest {

    private static final MagnetUri MAGNET = MagnetUri.of(InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"));

    private static ResolveService service() {
        return new ResolveService(ResolveConfig.defaults(), (m, p) -> new CompletableFuture<>(), List.of());
    }

    @Test
    void aPumpBeforeTheSourcesStartDoesNotEndIt() {
        Resolution r = new Resolution(MAGNET, service(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
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

    /** Records every fetch; none ends by itself. */
    private static ResolveService recording(ResolveConfig config, List<CompletableFuture<FetchResult>> fetches) {
        return new ResolveService(config, (m, p) -> {
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            fetches.add(f);
            return f;
        }, List.of(peers(1, 2, 3)));
    }

    private static PeerSource peers(int... ports) {
        return (m, onPeer) -> {
            for (int port : ports) {
                onPeer.accept(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
            return new CompletableFuture<>();
        };
    }

    @Test
    void whileOneFetchRunsTheNextWaitsForTheStagger() {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        ResolveService service = recording(ResolveConfig.defaults().withAllowPrivatePeers(true)
                .withFetchStagger(Duration.ofMinutes(1)), fetches);
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(fetches).hasSize(1);

        // the first one failing frees the way at once
        InetSocketAddress first = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        fetches.getFirst().complete(new FetchResult.Failure(FetchResult.Reason.CONNECT_FAILED, "refused", first,
                Duration.ZERO));
        assertThat(fetches).hasSize(2);
        assertThat(r).isNotDone();
        r.cancel(true);
    }

    @Test
    void withoutAStaggerThePeersAreAskedAtOnce() {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        ResolveService service = recording(ResolveConfig.defaults().withAllowPrivatePeers(true)
                .withFetchStagger(Duration.ZERO), fetches);
        service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(fetches).hasSize(3);
    }

    @Test
    void withAShortStaggerTheOthersFollowWhileTheFirstHangs() throws InterruptedException {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        ResolveService service = recording(ResolveConfig.defaults().withAllowPrivatePeers(true)
                .withFetchStagger(Duration.ofMillis(20)), fetches);
        service.resolve(MAGNET, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fetches.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fetches).hasSize(3);
    }

    @Test
    void withNoSourcesAtAllItEndsOnceStarted() {
        Resolution r = new Resolution(MAGNET, service(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        r.start(List.of());
        assertThat(r.result()).isCompletedWithValueMatching(res -> res instanceof NotFound);
    }

    /**
     * The winning fetch is told to the listeners before the resolution finishes; a pump in that
     * gap (here: the other peer failing, as another thread would) must not end it as exhausted.
     */
    @Test
    void aWinningFetchIsNotLostToAPumpWhileItIsBeingRecorded() {
        List<CompletableFuture<FetchResult>> fetches = new CopyOnWriteArrayList<>();
        InetSocketAddress one = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        InetSocketAddress two = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2);
        ResolveService service = new ResolveService(ResolveConfig.defaults().withAllowPrivatePeers(true)
                .withFetchStagger(Duration.ZERO), (m, p) -> {
                    CompletableFuture<FetchResult> f = new CompletableFuture<>();
                    fetches.add(f);
                    return f;
                }, List.of((m, onPeer) -> {
                    onPeer.accept(one);
                    onPeer.accept(two);
                    return CompletableFuture.completedFuture(null); // no more peers to come
                }));
        service.addFetchListener((m, result) -> {
            if (result instanceof FetchResult.Success) {
                fetches.get(1).complete(new FetchResult.Failure(FetchResult.Reason.CONNECT_FAILED, "refused", two,
                        Duration.ZERO));
            }
        });
        CompletableFuture<ResolveResult> r = service.resolve(MAGNET, Duration.ofSeconds(30));
        assertThat(fetches).hasSize(2);
        byte[] info = InfoDicts.singleFile("won.bin", 2, 7);
        fetches.getFirst().complete(new FetchResult.Success(info, one, Duration.ZERO, null));
        assertThat(r).isCompletedWithValueMatching(res -> res instanceof ResolveResult.Resolved, "resolved");
    }
}
