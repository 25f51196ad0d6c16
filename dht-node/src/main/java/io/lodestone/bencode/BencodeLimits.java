package io.lodestone.bencode;

/**
 * Bounds on what the decoder accepts. Every value is checked before anything is allocated, so
 * hostile input costs at most a bounded amount of memory and time.
 *
 * @param maxDepth    deepest nesting of lists and dicts (libtorrent's bdecode depth_limit is 100)
 * @param maxItems    most values in one input (libtorrent's bdecode token_limit is 2,000,000)
 * @param maxInputBytes largest input accepted at all
 */
public record BencodeLimits(int maxDepth, int maxItems, int maxInputBytes) {

    public static final int DEFAULT_MAX_DEPTH = 100;
    public static final int DEFAULT_MAX_ITEMS = 2_000_000;
    /** .torrent files with huge piece lists stay far below this; libtorrent caps them at 30 MB. */
    public static final int DEFAULT_MAX_INPUT_BYTES = 64 << 20;

    public BencodeLimits {
        if (maxDepth < 1 || maxItems < 1 || maxInputBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static BencodeLimits defaults() {
        return new BencodeLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_INPUT_BYTES);
    }
}
