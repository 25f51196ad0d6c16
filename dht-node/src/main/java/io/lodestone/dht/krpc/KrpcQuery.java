package io.lodestone.dht.krpc;

import io.lodestone.types.NodeId;

/** The body of a query: the method and its arguments ({@code q} and {@code a}). */
public sealed interface KrpcQuery permits KnownQuery, UnknownQuery {

    /** The querying node's id ({@code a.id}), required in every query. */
    NodeId id();

    /** {@code q} as on the wire. */
    String methodName();
}
