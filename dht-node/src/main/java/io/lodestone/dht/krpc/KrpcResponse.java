package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;

/**
 * The typed body of a response ({@code r}), as {@link ResponseMessage#typed} reads it for the
 * method of the query it answers.
 */
public sealed interface KrpcResponse
        permits PingResponse, FindNodeResponse, GetPeersResponse, AnnouncePeerResponse, SampleInfohashesResponse {

    /** The responding node's id ({@code r.id}), required in every response. */
    NodeId id();

    /** The method whose answer this is shaped as. */
    QueryMethod method();
}
