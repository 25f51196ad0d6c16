package io.lodestone.dht.node;

import io.lodestone.types.InfoHash;
import io.lodestone.types.NodeId;
import java.net.InetSocketAddress;
import java.util.List;

/** A listener's exception must not abort the packet being handled: it is counted and dropped. */
final class GuardedListener implements DhtListener {

    private final DhtListener delegate;
    private final DhtMetrics metrics;

    GuardedListener(DhtListener delegate, DhtMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void onAnnounce(NodeId receiver, InfoHash infoHash, InetSocketAddress peer, InetSocketAddress source) {
        try {
            delegate.onAnnounce(receiver, infoHash, peer, source);
        } catch (RuntimeException e) {
            metrics.internalError();
        }
    }

    @Override
    public void onGetPeers(NodeId receiver, InfoHash infoHash, InetSocketAddress source) {
        try {
            delegate.onGetPeers(receiver, infoHash, source);
        } catch (RuntimeException e) {
            metrics.internalError();
        }
    }

    @Override
    public void onSamples(NodeId receiver, List<InfoHash> samples, InetSocketAddress source) {
        try {
            delegate.onSamples(receiver, samples, source);
        } catch (RuntimeException e) {
            metrics.internalError();
        }
    }
}
