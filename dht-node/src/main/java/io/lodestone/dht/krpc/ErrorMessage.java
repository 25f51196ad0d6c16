package io.lodestone.dht.krpc;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An error ({@code y} = "e").
 *
 * @param ip BEP 42: the receiver's address as the sender saw it; libtorrent sends it on errors too
 */
public record ErrorMessage(Tid tid, Optional<ClientVersion> version, Optional<InetSocketAddress> ip, KrpcError error)
        implements KrpcMessage {

    public ErrorMessage {
        Objects.requireNonNull(tid, "tid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(error, "error");
        ip.ifPresent(a -> Addresses.requireSendable(a, "ip"));
    }

    public static ErrorMessage of(Tid tid, KrpcError error) {
        return new ErrorMessage(tid, Optional.empty(), Optional.empty(), error);
    }
}
