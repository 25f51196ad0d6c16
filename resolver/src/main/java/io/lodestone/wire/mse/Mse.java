package io.lodestone.wire.mse;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The constants and arithmetic of Message Stream Encryption (MSE/PE, the Vuze/libtorrent spec):
 * the 768-bit Diffie-Hellman group, the SHA-1 derivations of the sync hashes and RC4 keys, and
 * every length limit the handshake state machines check what they read against.
 */
public final class Mse {

    /** The spec's prime P (768 bits); the generator is {@link #G}. */
    static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6"
            + "F44C42E9A63A36210000000000090563", 16);
    static final BigInteger G = BigInteger.TWO;
    private static final BigInteger P_MINUS_ONE = P.subtract(BigInteger.ONE);
    /** A public key Y and the shared secret S are sent and hashed as 96 big-endian bytes. */
    public static final int KEY_LENGTH = 96;
    /** Bits of a private key Xa/Xb: the spec asks for at least 128; libtorrent uses 160. */
    static final int PRIVATE_KEY_BITS = 160;
    /** PadA, PadB, PadC and PadD are each at most this long. */
    public static final int MAX_PAD = 512;
    /** The verification constant: eight zero bytes. */
    public static final int VC_LENGTH = 8;
    public static final int HASH_LENGTH = 20;
    public static final int CRYPTO_FIELD_LENGTH = 4;
    /** The two-byte length fields: len(PadC), len(IA), len(PadD). */
    public static final int LENGTH_FIELD = 2;
    /** len(IA) is two bytes: an initial payload is never longer than this. */
    public static final int MAX_INITIAL_PAYLOAD = 0xFFFF;
    /** crypto_provide / crypto_select bits. */
    public static final int CRYPTO_PLAINTEXT = 0x01;
    public static final int CRYPTO_RC4 = 0x02;
    /**
     * The receiver reads Ya and then looks for HASH('req1', S) no further than PadA's limit
     * past it: past this many bytes without it, the stream is not MSE.
     */
    public static final int RECEIVER_SYNC_LIMIT = KEY_LENGTH + MAX_PAD + HASH_LENGTH;
    /** The initiator finds ENCRYPT(VC) after Yb within PadB's limit. */
    public static final int INITIATOR_SYNC_LIMIT = KEY_LENGTH + MAX_PAD + VC_LENGTH;

    private static final byte[] REQ1 = ascii("req1");
    private static final byte[] REQ2 = ascii("req2");
    private static final byte[] REQ3 = ascii("req3");
    private static final byte[] KEY_A = ascii("keyA");
    private static final byte[] KEY_B = ascii("keyB");

    private Mse() {
    }

    /** One side's Diffie-Hellman key pair. */
    record KeyPair(BigInteger secret, byte[] publicKey) {
    }

    /** A fresh private key from {@code random} and its public key G^X mod P. */
    static KeyPair newKeyPair(RandomGenerator random) {
        byte[] x = new byte[PRIVATE_KEY_BITS / 8];
        random.nextBytes(x);
        BigInteger secret = new BigInteger(1, x).setBit(PRIVATE_KEY_BITS - 1); // never a short key
        return new KeyPair(secret, toKeyBytes(G.modPow(secret, P)));
    }

    /**
     * The shared secret S from the peer's public key, or null when that key is not one (1, P-1
     * or out of range would make S predictable).
     */
    static byte[] sharedSecret(KeyPair ours, byte[] peerKey, int off) {
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(peerKey, off, off + KEY_LENGTH));
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(P_MINUS_ONE) >= 0) {
            return null;
        }
        return toKeyBytes(y.modPow(ours.secret(), P));
    }

    static byte[] toKeyBytes(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        int n = Math.min(raw.length, KEY_LENGTH);
        System.arraycopy(raw, raw.length - n, out, KEY_LENGTH - n, n);
        return out;
    }

    static byte[] req1(byte[] s) {
        return sha1(REQ1, s);
    }

    /** HASH('req2', SKEY): what a receiver keeps per torrent to recognise the SKEY. */
    public static byte[] req2(byte[] skey) {
        return sha1(REQ2, skey);
    }

    static byte[] req3(byte[] s) {
        return sha1(REQ3, s);
    }

    /**
     * Whether libtorrent 2.0 before its fix of May 2026, as the receiver, gets this shared secret's
     * obfuscation mask wrong: it hashed S for HASH('req3', S) without the leading zero bytes (its
     * 95 significant bytes, then one byte it never wrote), so with a secret below 2^760, about 1 in
     * 256, it finds no torrent under the SKEY we sent and closes. As the initiator it hashes S
     * padded, as it does for its RC4 keys and req1, and is right.
     */
    static boolean misreadByOldLibtorrent(byte[] s) {
        return s[0] == 0;
    }

    /** The initiator's sending key (the receiver's reading key). */
    static Rc4 keyA(byte[] s, byte[] skey) {
        return new Rc4(sha1(KEY_A, s, skey));
    }

    /** The receiver's sending key (the initiator's reading key). */
    static Rc4 keyB(byte[] s, byte[] skey) {
        return new Rc4(sha1(KEY_B, s, skey));
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = (byte) (a[k] ^ b[k]);
        }
        return out;
    }

    /** A padding of random length 0..{@link #MAX_PAD} and random content. */
    static byte[] randomPad(RandomGenerator random) {
        byte[] pad = new byte[random.nextInt(MAX_PAD + 1)];
        random.nextBytes(pad);
        return pad;
    }

    static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** First index of {@code needle} in {@code hay[from..to)}, or -1. */
    static int indexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int k = from; k + needle.length <= to; k++) {
            for (int m = 0; m < needle.length; m++) {
                if (hay[k + m] != needle[m]) {
                    continue outer;
                }
            }
            return k;
        }
        return -1;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
