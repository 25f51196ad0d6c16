package io.lodestone.client.picker;

import io.lodestone.client.storage.TorrentLayout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How many block requests to keep outstanding with one peer, and when a peer counts as snubbed.
 * Pure arithmetic on measured rates and times, as libtorrent's peer_connection does it: enough
 * requests to cover {@link PickerConfig#requestQueueTime()} of the peer's rate, so a fast peer's
 * pipe never runs dry while a slow one does not hoard blocks others could deliver.
 */
public final class RequestPipeline {

    private final PickerConfig config;

    public RequestPipeline(PickerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static RequestPipeline defaults() {
        return new RequestPipeline(PickerConfig.defaults());
    }

    /** Target outstanding requests for a peer that sends us {@code bytesPerSecond}. */
    public int depth(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return config.initialRequests();
        }
        long queueMillis = config.requestQueueTime().toMillis();
        // rate * seconds / block, in a form that cannot overflow for any long rate
        double blocks = (double) bytesPerSecond * queueMillis / 1000.0 / TorrentLayout.BLOCK_SIZE;
        long depth = (long) Math.ceil(blocks);
        return (int) Math.max(config.minRequests(), Math.min(config.maxRequests(), depth));
    }

    /**
     * Whether a peer we are waiting on is snubbing us: no block for {@link PickerConfig#snubTimeout()}.
     * Only meaningful while requests to it are outstanding; pass as {@code lastPieceAt} the later
     * of its last block and the moment its queue last became non-empty.
     */
    public boolean snubbed(Instant lastPieceAt, Instant now) {
        Objects.requireNonNull(lastPieceAt, "lastPieceAt");
        Objects.requireNonNull(now, "now");
        return Duration.between(lastPieceAt, now).compareTo(config.snubTimeout()) >= 0;
    }

    public PickerConfig config() {
        return config;
    }
}
