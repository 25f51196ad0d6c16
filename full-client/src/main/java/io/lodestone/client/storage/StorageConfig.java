package io.lodestone.client.storage;

/**
 * How pieces are kept on disk.
 *
 * @param openFiles        file channels kept open at once, least recently used closed first
 *                         (libtorrent file_pool_size 40)
 * @param fullLengthAtOpen extend every file to its full length when the store opens. Java cannot
 *                         reserve blocks, so this still leaves holes where the file system supports
 *                         them; it only makes sizes final up front. Off by default: files grow as
 *                         blocks land, sparse (libtorrent's default storage_mode_sparse), and a
 *                         resume check skips whatever lies past a file's end without reading it.
 */
public record StorageConfig(int openFiles, boolean fullLengthAtOpen) {

    public static final int DEFAULT_OPEN_FILES = 40;
    /** A floor so a striped multi-file piece never thrashes the cache. */
    public static final int MIN_OPEN_FILES = 4;

    public StorageConfig {
        if (openFiles < MIN_OPEN_FILES) {
            throw new IllegalArgumentException("openFiles must be at least " + MIN_OPEN_FILES + ", not " + openFiles);
        }
    }

    public static StorageConfig defaults() {
        return new StorageConfig(DEFAULT_OPEN_FILES, false);
    }
}
