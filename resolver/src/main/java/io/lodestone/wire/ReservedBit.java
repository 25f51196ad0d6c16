package io.lodestone.wire;

/**
 * Feature bits in the 8 reserved bytes of the handshake. Each is one bit of one byte, counted as
 * the BEPs count them: byte 0 is the first reserved byte on the wire.
 */
public enum ReservedBit {
    /** BEP 10: the extension protocol (LTEP), message id 20. */
    EXTENSION_PROTOCOL(5, 0x10),
    /** BEP 6: the fast extension (have all/none, reject, suggest, allowed fast). */
    FAST_EXTENSION(7, 0x04),
    /** BEP 5: the peer runs a DHT node and may send a PORT message. */
    DHT(7, 0x01),
    /** BEP 52: the peer can upgrade a hybrid torrent's connection to v2. */
    V2_UPGRADE(7, 0x10);

    private final int byteIndex;
    private final int mask;

    ReservedBit(int byteIndex, int mask) {
        this.byteIndex = byteIndex;
        this.mask = mask;
    }

    public int byteIndex() {
        return byteIndex;
    }

    public int mask() {
        return mask;
    }

    /** Whether this bit is set in 8 reserved bytes. */
    public boolean isSet(byte[] reserved) {
        return (reserved[byteIndex] & mask) != 0;
    }

    /** 8 reserved bytes with exactly the given bits set. */
    public static byte[] reserved(ReservedBit... bits) {
        byte[] r = new byte[Handshake.RESERVED_LENGTH];
        for (ReservedBit b : bits) {
            r[b.byteIndex] |= (byte) b.mask;
        }
        return r;
    }
}
