package io.lodestone.resolve;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.types.HostPort;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The magnet's {@code x.pe} peers, plus peers the user named (the CLI's {@code --peer}). */
public final class MagnetPeerSource implements PeerSource {

    private final List<InetSocketAddress> extra;

    public MagnetPeerSource() {
        this(List.of());
    }

    public MagnetPeerSource(List<InetSocketAddress> extra) {
        this.extra = List.copyOf(extra);
    }

    @Override
    public CompletableFuture<Void> find(MagnetUri magnet, Consumer<InetSocketAddress> onPeer) {
        extra.forEach(onPeer);
        for (HostPort p : magnet.peers()) {
            InetSocketAddress a = p.isLiteral() ? p.toSocketAddress() : new InetSocketAddress(p.host(), p.port());
            // a name that does not resolve is no peer; the others are still worth trying
            if (!a.isUnresolved()) {
                onPeer.accept(a);
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
