package io.lodestone.crawler.pipeline;

import io.lodestone.types.InfoHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Resolves a harvested hash to its info dict; the real one is {@link ServiceResolver}, tests script it. */
@FunctionalInterface
public interface MetadataResolver {

    /**
     * Starts resolving {@code infoHash}, trying {@code livePeers} first. The future should
     * complete within {@code timeout}; the pipeline treats a later one as failed anyway.
     */
    CompletableFuture<ResolveOutcome> resolve(InfoHash infoHash, List<InetSocketAddress> livePeers, Duration timeout);

    /**
     * As above, knowing DHT nodes that hold the hash (they sampled it): asking them first costs one
     * packet each, where a lookup costs dozens.
     */
    default CompletableFuture<ResolveOutcome> resolve(InfoHash infoHash, List<InetSocketAddress> livePeers,
                                                      List<InetSocketAddress> holders, Duration timeout) {
        return resolve(infoHash, livePeers, timeout);
    }
}
