package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Somewhere peers for a torrent come from: the magnet itself, its trackers, the DHT. A source
 * calls {@code onPeer} for each peer as it learns of it (from any thread, possibly the same
 * peer twice: the caller dedupes), and completes the returned future once it has nothing more
 * to give. Cancelling the future asks the source to stop; peers reported after that are ignored
 * by the caller anyway.
 */
@FunctionalInterface
public interface PeerSource {

    CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer);
}
