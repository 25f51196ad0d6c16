package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.time.VirtualClock;
import io.lodestone.time.VirtualScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ResolveService} in virtual time with no sockets: its deadlines and staggers run on a
 * {@link VirtualScheduler}, sources and fetches are scripted by the test. Time moves only when the
 * test calls {@link #advance}.
 */
final class VirtualResolver {

    /** One fetch the service started. */
    record Fetch(InetSocketAddress peer, CompletableFuture<FetchResult> future) {
    }

    final VirtualClock clock = new VirtualClock();
    final VirtualScheduler scheduler = new VirtualScheduler(clock);
    /** Every fetch the service started, in order. */
    final List<Fetch> fetches = new CopyOnWriteArrayList<>();

    /** A service whose fetches hang until the test completes them. */
    ResolveService service(ResolveConfig config, List<PeerSource> sources) {
        return service(config, sources, DialConfig.unlimited(config.maxConnections()));
    }

    /** As above, dialling as {@code dial} says. */
    ResolveService service(ResolveConfig config, List<PeerSource> sources, DialConfig dial) {
        return service(config, sources, dial, (m, p) -> {
            CompletableFuture<FetchResult> f = new CompletableFuture<>();
            fetches.add(new Fetch(p, f));
            return f;
        });
    }

    ResolveService service(ResolveConfig config, List<PeerSource> sources, DialConfig dial, PeerFetcher fetcher) {
        // built as the program builds it; the magnet's own x.pe source comes first, empty for these magnets
        ResolverAssembly a = ResolverAssembly.create().config(config).fetcher(fetcher)
                .dialer(new PeerDialer(dial, clock::nanos)).time(clock, scheduler);
        sources.forEach(a::source);
        return a.build();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** A source that reports each peer at its time from now, then ends once the last was reported. */
    PeerSource timed(Object... atAndPeer) {
        return (m, onPeer) -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            int left = atAndPeer.length / 2;
            var count = new java.util.concurrent.atomic.AtomicInteger(left);
            for (int i = 0; i < atAndPeer.length; i += 2) {
                Duration at = (Duration) atAndPeer[i];
                InetSocketAddress peer = (InetSocketAddress) atAndPeer[i + 1];
                scheduler.schedule(at.toNanos(), () -> {
                    if (!done.isDone()) {
                        onPeer.accept(peer);
                    }
                    if (count.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            }
            return done;
        };
    }

    static InetSocketAddress peer(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    static FetchResult.Failure failure(FetchResult.Reason reason, InetSocketAddress peer) {
        return new FetchResult.Failure(reason, reason.name().toLowerCase(java.util.Locale.ROOT), peer, Duration.ZERO);
    }

    static MagnetUri magnet(byte[] info) {
        return MagnetUri.of(InfoDicts.sha1(info));
    }
}
