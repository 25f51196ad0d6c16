package io.lodestone.dht.node;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a node sees that a crawler wants: info-hashes others look for or announce, and BEP 51
 * samples. Called on the node's thread; implementations must be quick and must not block.
 */
public interface DhtListener {

    /** Someone announced {@code peer} for {@code infoHash} (with a valid token). */
    default void onAnnounce(NodeId receiver, InfoHash infoHash, InetSocketAddress peer, InetSocketAddress source) {
    }

    /** Someone asked for peers of {@code infoHash}. */
    default void onGetPeers(NodeId receiver, InfoHash infoHash, InetSocketAddress source) {
    }

    /** A BEP 51 answer from {@code source} carried these samples. */
    default void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
    }

    DhtListener NONE = new DhtListener() {
    };
}
