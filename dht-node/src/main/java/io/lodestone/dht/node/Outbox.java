package io.lodestone.dht.node;

import io.lodestone.dht.krpc.ClientVersion;
import io.lodestone.dht.krpc.ErrorMessage;
import io.lodestone.dht.krpc.KrpcCodec;
import io.lodestone.dht.krpc.KrpcMessage;
import io.lodestone.dht.krpc.KrpcResponse;
import io.lodestone.dht.krpc.Tid;
import java.net.InetSocketAddress;
import java.util.Optional;

/** The one way out of a node: every datagram passes the outbound limiter, then the sink. */
final class Outbox {

    private final DatagramSink sink;
    private final RateLimits limits;
    private final DhtMetrics metrics;

    Outbox(DatagramSink sink, RateLimits limits, DhtMetrics metrics) {
        this.sink = sink;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Takes a token for one answer to {@code to}; counts a refusal. */
    boolean permit(InetSocketAddress to) {
        if (limits.allowOut(to)) {
            return true;
        }
        metrics.rateLimitedOut();
        return false;
    }

    /** Takes a token for one query of ours to {@code to}, leaving the answer reserve; counts a refusal. */
    boolean permitQuery(InetSocketAddress to) {
        if (limits.allowQueryOut(to)) {
            return true;
        }
        metrics.rateLimitedOut();
        return false;
    }

    /** Sends an answer or an error if the limiter allows; a refused one is dropped (and counted). */
    void reply(InetSocketAddress to, KrpcMessage answer) {
        if (!permit(to)) {
            return;
        }
        if (transmit(to, KrpcCodec.encode(answer))) {
            if (answer instanceof ErrorMessage) {
                metrics.errorOut();
            } else {
                metrics.responseOut();
            }
        }
    }

    /**
     * Sends an answer, encoded straight from {@code body} only once the limiter allowed it; as
     * {@link #reply} with a {@link io.lodestone.dht.krpc.ResponseMessage}, without building one.
     */
    void answer(InetSocketAddress to, Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip,
                KrpcResponse body) {
        if (!permit(to)) {
            return;
        }
        if (transmit(to, KrpcCodec.encodeResponse(tid, version, ip, body))) {
            metrics.responseOut();
        }
    }

    /** Hands {@code datagram} to the transport; false (counted) if it threw. */
    boolean transmit(InetSocketAddress to, byte[] datagram) {
        try {
            sink.send(to, datagram);
            return true;
        } catch (RuntimeException e) {
            metrics.sendFailed();
            return false;
        }
    }
}
