package io.lodestone.resolve;

import io.lodestone.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/** How a resolve ended. Only {@link Resolved} carries metadata, and only metadata that hashed right. */
public sealed interface ResolveResult {

    /** The torrent's metadata, verified against the magnet's info-hash(es), and who gave it. */
    record Resolved(Metainfo metainfo, InetSocketAddress peer, Duration elapsed) implements ResolveResult {
        public Resolved {
            Objects.requireNonNull(metainfo, "metainfo");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** No metadata: the deadline passed, or every source and peer ran out; {@code reason} is one line. */
    record NotFound(String reason, int peersTried) implements ResolveResult {
        public NotFound {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
