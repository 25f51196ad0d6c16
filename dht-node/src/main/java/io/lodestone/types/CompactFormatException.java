package io.lodestone.types;

/** A compact peer or node string (BEP 5, 23, 32) of the wrong length, or an entry we never accept. */
public final class CompactFormatException extends IllegalArgumentException {
    public CompactFormatException(String reason) {
        super(reason);
    }
}
