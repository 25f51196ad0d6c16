package io.lodestone.index.store;

/** A stored value that does not decode: the store was damaged or written by something else. */
public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }
}
