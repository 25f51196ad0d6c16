package io.lodestone.metainfo;

/**
 * A .torrent file or info dict that cannot be used: not bencode, a key of the wrong type, a
 * limit exceeded, an unsafe path, hashes that do not add up. The message is one line naming the
 * key and the reason, fit to show a user.
 */
public final class MetainfoException extends RuntimeException {

    public MetainfoException(String reason) {
        super(reason);
    }

    public MetainfoException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
