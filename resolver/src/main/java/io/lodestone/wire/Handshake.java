package io.lodestone.wire;

import io.lodestone.types.InfoHash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The BEP 3 handshake: {@code 19 "BitTorrent protocol"}, 8 reserved bytes, the 20-byte info-hash
 * and the 20-byte peer id; always {@value #LENGTH} bytes. A v2 info-hash is carried truncated to
 * its first 20 bytes (BEP 52), so a decoded handshake always holds a 20-byte hash.
 *
 * <p>Arrays are copied in and out: a record never shares its bytes.
 */
public record Handshake(byte[] reserved, InfoHash infoHash, byte[] peerId) {

    public static final int LENGTH = 68;
    public static final int RESERVED_LENGTH = 8;
    public static final int PEER_ID_LENGTH = 20;
    /** The protocol string and its length byte, the first 20 bytes of every handshake. */
    static final byte[] PROTOCOL = "\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    private static final int RESERVED_OFFSET = PROTOCOL.length;
    private static final int INFO_HASH_OFFSET = RESERVED_OFFSET + RESERVED_LENGTH;
    private static final int PEER_ID_OFFSET = INFO_HASH_OFFSET + InfoHash.V1_LENGTH;

    public Handshake {
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        if (reserved.length != RESERVED_LENGTH) {
            throw new WireFormatException("reserved has 8 bytes, not " + reserved.length);
        }
        if (peerId.length != PEER_ID_LENGTH) {
            throw new WireFormatException("a peer id has 20 bytes, not " + peerId.length);
        }
        reserved = reserved.clone();
        infoHash = infoHash.truncated();
        peerId = peerId.clone();
    }

    /** A handshake with exactly the given feature bits set. */
    public static Handshake of(InfoHash infoHash, byte[] peerId, ReservedBit... bits) {
        return new Handshake(ReservedBit.reserved(bits), infoHash, peerId);
    }

    public boolean has(ReservedBit bit) {
        return bit.isSet(reserved);
    }

    public boolean supportsExtensionProtocol() {
        return has(ReservedBit.EXTENSION_PROTOCOL);
    }

    public boolean supportsFastExtension() {
        return has(ReservedBit.FAST_EXTENSION);
    }

    public boolean supportsDht() {
        return has(ReservedBit.DHT);
    }

    public boolean supportsV2Upgrade() {
        return has(ReservedBit.V2_UPGRADE);
    }

    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(PROTOCOL, 0, out, 0, PROTOCOL.length);
        System.arraycopy(reserved, 0, out, RESERVED_OFFSET, RESERVED_LENGTH);
        System.arraycopy(infoHash.bytes(), 0, out, INFO_HASH_OFFSET, InfoHash.V1_LENGTH);
        System.arraycopy(peerId, 0, out, PEER_ID_OFFSET, PEER_ID_LENGTH);
        return out;
    }

    /** Exactly {@value #LENGTH} bytes; the caller reads them off the stream before any frame. */
    public static Handshake decode(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new WireFormatException("a handshake has 68 bytes, not " + bytes.length);
        }
        if (!Arrays.equals(bytes, 0, PROTOCOL.length, PROTOCOL, 0, PROTOCOL.length)) {
            // an encrypted (MSE) stream or another protocol lands here
            throw new WireFormatException("not a BitTorrent handshake: starts with 0x"
                    + HexFormat.of().formatHex(bytes, 0, PROTOCOL.length));
        }
        return new Handshake(Arrays.copyOfRange(bytes, RESERVED_OFFSET, INFO_HASH_OFFSET),
                InfoHash.v1(Arrays.copyOfRange(bytes, INFO_HASH_OFFSET, PEER_ID_OFFSET)),
                Arrays.copyOfRange(bytes, PEER_ID_OFFSET, LENGTH));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && Arrays.equals(reserved, h.reserved) && infoHash.equals(h.infoHash)
                && Arrays.equals(peerId, h.peerId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(reserved) + infoHash.hashCode()) + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Handshake[reserved=" + hex.formatHex(reserved) + ", infoHash=" + infoHash + ", peerId="
                + PeerId.describe(peerId) + "]";
    }
}
