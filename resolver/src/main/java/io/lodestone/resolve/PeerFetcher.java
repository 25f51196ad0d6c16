package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Dials one peer and fetches the metadata a magnet names: the one step of a resolve that touches a
 * transport. {@link MetadataFetcher} does it over TCP; tests script it. The future completes with a
 * {@link FetchResult} (a verified {@link FetchResult.Success} or a {@link FetchResult.Failure}) only
 * once the connection is closed; cancelling it closes the connection.
 */
@FunctionalInterface
public interface PeerFetcher {

    CompletableFuture<FetchResult> fetch(MagnetUri magnet, InetSocketAddress peer);
}
