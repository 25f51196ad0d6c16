package io.lodestone.index.store;

import java.io.IOException;

/**
 * A write found no room, on the disk or in the map at its maximum. Nothing of it was stored and
 * the store is intact: the same write can succeed once there is room again.
 */
public final class StoreFullException extends IOException {
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
