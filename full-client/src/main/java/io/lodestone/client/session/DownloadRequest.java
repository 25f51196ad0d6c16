package io.lodestone.client.session;

import io.lodestone.magnet.MagnetUri;
import io.lodestone.metainfo.Metainfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One download as asked for: a magnet (metadata fetched from peers) or a parsed .torrent, where
 * its files go, extra peers and trackers, whether to seed once complete, and the time allowed
 * until complete.
 *
 * @param magnet    the magnet, or null when {@code metainfo} is given
 * @param metainfo  the parsed .torrent, or null when {@code magnet} is given
 * @param directory files land under it; nothing is ever written outside
 * @param seedAfter keep serving peers once complete, until cancelled
 */
public record DownloadRequest(MagnetUri magnet, Metainfo metainfo, Path directory, List<InetSocketAddress> peers,
                              List<String> trackers, boolean seedAfter, Duration timeout) {
    public DownloadRequest {
        if ((magnet == null) == (metainfo == null)) {
            throw new IllegalArgumentException("give exactly one of a magnet and a .torrent");
        }
        Objects.requireNonNull(directory, "directory");
        peers = List.copyOf(peers);
        trackers = List.copyOf(trackers);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The name to show before the metadata is known. */
    public String displayName() {
        if (metainfo != null) {
            return metainfo.name();
        }
        return magnet.displayName() != null ? magnet.displayName() : magnet.dhtInfoHash().hex();
    }
}
