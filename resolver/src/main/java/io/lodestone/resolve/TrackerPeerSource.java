package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.tracker.AnnounceRequest;
import io.lodestone.tracker.TrackerClient;
import io.lodestone.wire.PeerId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Announces to every tracker of the magnet at once, one virtual thread each, and reports the
 * peers they answer with. A tracker that fails is passed over: the other sources still count.
 * Cancelling stops reporting; an announce already under way ends by the tracker client's own
 * timeouts.
 */
public final class TrackerPeerSource implements PeerSource {

    /**
     * We do not listen, but an announce needs a port; this is the conventional one and costs
     * nothing when nobody connects to it.
     */
    static final int ANNOUNCED_PORT = 6881;
    /**
     * The size is unknown before the metadata; any non-zero {@code left} works, while zero would
     * mark us a seeder, and trackers send seeders no seeds.
     */
    static final long UNKNOWN_LEFT = 16 * 1024;

    private final TrackerClient client;

    public TrackerPeerSource(TrackerClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer) {
        AnnounceRequest request = AnnounceRequest.started(magnet.dhtInfoHash(), PeerId.generate(), ANNOUNCED_PORT,
                UNKNOWN_LEFT);
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<Void>> announces = new ArrayList<>();
        for (String url : client.capped(magnet.trackers())) {
            CompletableFuture<Void> one = new CompletableFuture<>();
            announces.add(one);
            Thread.ofVirtual().name("resolve-announce").start(() -> {
                try {
                    for (InetSocketAddress peer : client.announce(url, request).peers()) {
                        if (done.isDone()) {
                            break;
                        }
                        onPeer.accept(peer);
                    }
                } catch (RuntimeException e) {
                    // an unreachable or refusing tracker is one source fewer, not a failed resolve
                } finally {
                    one.complete(null);
                }
            });
        }
        CompletableFuture.allOf(announces.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> done.complete(null));
        return done;
    }
}
