package io.lodestone.dht.node;

import io.lodestone.dht.krpc.KnownQuery;
import io.lodestone.dht.krpc.KrpcResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one KRPC query and completes with the typed response. The future fails with
 * {@link QueryFailedException} on timeout, a KRPC error, a malformed answer, or when the
 * outbound rate limit refuses the packet. Futures complete on the node's own thread, so lookups
 * driven from callbacks need no locking.
 */
public interface QueryClient {
    CompletableFuture<KrpcResponse> query(InetSocketAddress to, KnownQuery query);
}
