package io.lodestone.client.picker;

import java.time.Duration;

/**
 * Piece picking and request pipelining.
 *
 * @param randomFirstPieces  until this many pieces are verified, new pieces are picked at random
 *                           rather than rarest first, to get something to trade quickly
 *                           (libtorrent initial_picker_threshold 4)
 * @param endGameDuplicates  in end game, how many peers besides the first may be asked for one block
 *                           (libtorrent has no fixed cap; 2 bounds the waste)
 * @param requestQueueTime   a peer's pipeline holds this much of its measured rate in requests
 *                           (libtorrent request_queue_time 3 s)
 * @param initialRequests    pipeline depth for a peer with no measured rate (libtorrent 2.0 starts a peer at
 *                           4). With 2, a seeder whose blocks each fit one segment (loopback) held the second
 *                           back for our delayed acknowledgement: 40 ms before the pipeline got going
 * @param minRequests        pipeline depth never goes below this (libtorrent keeps at least 2)
 * @param maxRequests        pipeline depth cap (libtorrent max_out_request_queue 500)
 * @param snubTimeout        a peer that sends no block for this long while we wait on it is snubbed
 *                           (libtorrent request_timeout 60 s)
 * @param extentBytes        new pieces are taken, among the equally rare, from the stretch of this many bytes
 *                           the last one was started in, so small pieces finish side by side and are
 *                           written together (libtorrent's piece_extent_affinity, with 4 MiB and off by
 *                           default there); 0 turns it off. The default, 1 MiB, is the most the store writes at once
 * @param checkInvariants    walk every count after each change and throw on a mismatch; for tests
 *                           (libtorrent's TORRENT_EXPENSIVE_INVARIANT_CHECKS)
 */
public record PickerConfig(int randomFirstPieces, int endGameDuplicates, Duration requestQueueTime,
                           int initialRequests, int minRequests, int maxRequests, Duration snubTimeout,
                           long extentBytes, boolean checkInvariants) {

    public static final int DEFAULT_RANDOM_FIRST_PIECES = 4;
    public static final int DEFAULT_END_GAME_DUPLICATES = 2;
    public static final Duration DEFAULT_REQUEST_QUEUE_TIME = Duration.ofSeconds(3);
    public static final int DEFAULT_INITIAL_REQUESTS = 4;
    public static final int DEFAULT_MIN_REQUESTS = 2;
    public static final int DEFAULT_MAX_REQUESTS = 500;
    public static final Duration DEFAULT_SNUB_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_EXTENT_BYTES = 1L << 20;

    public PickerConfig {
        if (randomFirstPieces < 0 || endGameDuplicates < 0 || extentBytes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (minRequests < 1 || maxRequests < minRequests) {
            throw new IllegalArgumentException("need 1 <= minRequests <= maxRequests");
        }
        if (initialRequests < minRequests || initialRequests > maxRequests) {
            throw new IllegalArgumentException("need minRequests <= initialRequests <= maxRequests");
        }
        if (requestQueueTime.isNegative() || requestQueueTime.isZero() || snubTimeout.isNegative()
                || snubTimeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
    }

    public static PickerConfig defaults() {
        return new PickerConfig(DEFAULT_RANDOM_FIRST_PIECES, DEFAULT_END_GAME_DUPLICATES, DEFAULT_REQUEST_QUEUE_TIME,
                DEFAULT_INITIAL_REQUESTS, DEFAULT_MIN_REQUESTS, DEFAULT_MAX_REQUESTS, DEFAULT_SNUB_TIMEOUT,
                DEFAULT_EXTENT_BYTES, false);
    }

    /** The same settings with the invariant walk after every change on or off. */
    public PickerConfig withInvariantChecks(boolean on) {
        return new PickerConfig(randomFirstPieces, endGameDuplicates, requestQueueTime, initialRequests, minRequests,
                maxRequests, snubTimeout, extentBytes, on);
    }

    /** The same settings with new pieces kept to stretches of {@code bytes} (0: anywhere). */
    public PickerConfig withExtentBytes(long bytes) {
        return new PickerConfig(randomFirstPieces, endGameDuplicates, requestQueueTime, initialRequests, minRequests,
                maxRequests, snubTimeout, bytes, checkInvariants);
    }
}
