package io.lodestone.tracker;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A tracker's answer to an announce.
 *
 * @param interval    seconds to wait before the next regular announce
 * @param minInterval seconds the tracker insists on between announces; null when not sent (UDP never does)
 * @param peers       IPv4 and IPv6 peers, as sent, entries with port 0 or a host name left out
 * @param complete    seeders, when the tracker said
 * @param incomplete  leechers, when the tracker said
 * @param warning     BEP 3 {@code warning message}, one bounded line; null when none
 * @param trackerId   BEP 3 {@code tracker id}, one char per byte (ISO-8859-1) so it can be sent back
 *                    byte for byte; null when none
 */
public record AnnounceResponse(int interval, Integer minInterval, List<InetSocketAddress> peers, Integer complete,
                               Integer incomplete, String warning, String trackerId) {

    public AnnounceResponse {
        if (interval < 0 || (minInterval != null && minInterval < 0)) {
            throw new IllegalArgumentException("intervals cannot be negative");
        }
        if ((complete != null && complete < 0) || (incomplete != null && incomplete < 0)) {
            throw new IllegalArgumentException("peer counts cannot be negative");
        }
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    }
}
