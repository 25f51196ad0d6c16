package io.lodestone.dht.krpc;

import java.util.Optional;

/**
 * One KRPC datagram: a query, a response, or an error. Every kind carries the transaction id
 * ({@code t}) and may carry the sender's client version ({@code v}).
 */
public sealed interface KrpcMessage permits QueryMessage, ResponseMessage, ErrorMessage {

    Tid tid();

    Optional<ClientVersion> version();
}
