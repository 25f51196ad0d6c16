package io.lodestone.dht.krpc;

/**
 * A query of a method this codec types. These are the ones we send, so the transaction table can
 * always learn from {@link #method()} how to type the answer.
 */
public sealed interface KnownQuery extends KrpcQuery
        permits Ping, FindNode, GetPeers, AnnouncePeer, SampleInfohashes {

    QueryMethod method();

    @Override
    default String methodName() {
        return method().wireName();
    }
}
