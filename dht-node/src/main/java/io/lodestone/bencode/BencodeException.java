package io.lodestone.bencode;

/** Input that is not strict, canonical bencode, or a value of the wrong shape. */
public final class BencodeException extends RuntimeException {
    private final int offset;

    public BencodeException(String reason, int offset) {
        super(offset >= 0 ? reason + " at offset " + offset : reason);
        this.offset = offset;
    }

    public BencodeException(String reason) {
        this(reason, -1);
    }

    /** Byte offset where decoding failed, or -1 when the error is about shape, not position. */
    public int offset() {
        return offset;
    }
}
