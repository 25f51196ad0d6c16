package io.lodestone.index.store;

/** A torrent as of its latest write, read back in sequence order for the search index to catch up. */
public record StoreChange(long sequence, byte[] key, StoredTorrent torrent, byte[] infoDict) {
}
