package io.lodestone.types;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A torrent's identity: SHA-1 of the info dict (v1, BEP 3) or SHA-256 of it (v2, BEP 52). The DHT
 * and the peer-wire handshake carry 20 bytes; a v2 hash is truncated to its first 20 for them.
 */
public final class InfoHash implements Comparable<InfoHash> {

    public static final int V1_LENGTH = 20;
    public static final int V2_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    public enum Version { V1, V2 }

    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static InfoHash v1(byte[] sha1) {
        if (sha1.length != V1_LENGTH) {
            throw new IllegalArgumentException("a v1 info-hash has 20 bytes, not " + sha1.length);
        }
        return new InfoHash(sha1.clone());
    }

    public static InfoHash v2(byte[] sha256) {
        if (sha256.length != V2_LENGTH) {
            throw new IllegalArgumentException("a v2 info-hash has 32 bytes, not " + sha256.length);
        }
        return new InfoHash(sha256.clone());
    }

    /** 40 hex digits (v1 or truncated v2) or 64 hex digits (v2), either case. */
    public static InfoHash fromHex(String hex) {
        if ((hex.length() != 2 * V1_LENGTH && hex.length() != 2 * V2_LENGTH) || !isHex(hex)) {
            throw new IllegalArgumentException("an info-hash is 40 or 64 hex digits: '" + abbreviate(hex) + "'");
        }
        return new InfoHash(HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** 32 characters of RFC 4648 base32 (the old magnet form of a v1 hash), either case. */
    public static InfoHash fromBase32(String b32) {
        if (b32.length() != 32) {
            throw new IllegalArgumentException("a base32 info-hash has 32 characters: '" + abbreviate(b32) + "'");
        }
        byte[] out = new byte[V1_LENGTH];
        long buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < b32.length(); i++) {
            // ASCII only: Character.toUpperCase would map e.g. U+0131 to 'I' and U+017F to 'S'
            char c = b32.charAt(i);
            int v;
            if (c >= 'A' && c <= 'Z') {
                v = c - 'A';
            } else if (c >= 'a' && c <= 'z') {
                v = c - 'a';
            } else if (c >= '2' && c <= '7') {
                v = c - '2' + 26;
            } else {
                throw new IllegalArgumentException("not base32: '" + abbreviate(b32) + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        return new InfoHash(out);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    public Version version() {
        return bytes.length == V1_LENGTH ? Version.V1 : Version.V2;
    }

    public boolean isV2() {
        return bytes.length == V2_LENGTH;
    }

    /** The 20 bytes used on the DHT and in handshakes: itself for v1, the first 20 bytes for v2. */
    public InfoHash truncated() {
        return isV2() ? new InfoHash(Arrays.copyOf(bytes, V1_LENGTH)) : this;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public int compareTo(InfoHash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
