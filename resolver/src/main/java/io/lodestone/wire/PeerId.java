package io.lodestone.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Peer ids in the Azureus style of BEP 20: {@code -LS0001-} names Lodestone and its version, then
 * 12 random bytes make the id unique. A fresh id per session keeps peers from linking sessions.
 */
public final class PeerId {

    /** Client code "LS" and a four-digit version, as BEP 20's Azureus-style convention has it. */
    public static final String PREFIX = "-LS0001-";
    static final int RANDOM_LENGTH = Handshake.PEER_ID_LENGTH - PREFIX.length();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerId() {
    }

    /** A new id with 12 bytes from a {@link SecureRandom}. */
    public static byte[] generate() {
        return generate(RANDOM);
    }

    /** A new id with 12 bytes from {@code random}; tests pass a seeded generator. */
    public static byte[] generate(RandomGenerator random) {
        byte[] id = new byte[Handshake.PEER_ID_LENGTH];
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        for (int i = prefix.length; i < id.length; i++) {
            id[i] = (byte) random.nextInt(256);
        }
        return id;
    }

    /** For logs: the Azureus-style prefix as text when there is one, the rest in hex. */
    public static String describe(byte[] peerId) {
        boolean azureus = peerId.length == Handshake.PEER_ID_LENGTH && peerId[0] == '-' && peerId[7] == '-';
        for (int i = 1; azureus && i < 7; i++) {
            azureus = peerId[i] >= 0x20 && peerId[i] < 0x7f;
        }
        if (!azureus) {
            return HexFormat.of().formatHex(peerId);
        }
        return new String(peerId, 0, 8, StandardCharsets.US_ASCII) + HexFormat.of().formatHex(peerId, 8, peerId.length);
    }
}
