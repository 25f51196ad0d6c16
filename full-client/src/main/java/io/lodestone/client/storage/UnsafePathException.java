package io.lodestone.client.storage;

import java.io.IOException;

/** A torrent names a file that would land outside the download directory, or through a link. Nothing was created. */
public final class UnsafePathException extends IOException {
    public UnsafePathException(String message) {
        super(message);
    }
}
