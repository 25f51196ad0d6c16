package io.lodestone.index.classify;

import java.util.Objects;

/** One file of a torrent as the classifier needs it: its path inside the torrent and its size. */
public record TorrentFile(String path, long size) {
    public TorrentFile {
        Objects.requireNonNull(path, "path");
    }
}
