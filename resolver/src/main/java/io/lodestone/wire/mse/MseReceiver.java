package io.lodestone.wire.mse;

import io.lodestone.wire.BigEndian;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The receiving side of an incoming connection, before we know whether it speaks MSE: a plain
 * BitTorrent handshake ({@code \x13BitTorrent protocol}) passes through untouched; otherwise the
 * MSE handshake is run as receiver (B), the torrent found by its SKEY hash among those we serve,
 * and the crypto method chosen by policy. Bytes in, bytes and a decision out; no I/O.
 *
 * <pre>
 * A→B: Ya, PadA                  B→A: Yb, PadB
 * A→B: HASH('req1',S), HASH('req2',SKEY)^HASH('req3',S),
 *      ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)
 * B→A: ENCRYPT(VC, crypto_select, len(PadD), PadD), then the payload stream
 * </pre>
 */
public final class MseReceiver extends StepLoop {

    static final byte[] BT_PROTOCOL = "\u0013BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    private enum State { DETECT, PUBLIC_KEY, SYNC, SKEY, PROVIDE, PAD_C }

    private final EncryptionPolicy policy;
    private final SkeyDirectory torrents;
    private final RandomGenerator random;
    private State state = State.DETECT;
    private Mse.KeyPair keys;
    private byte[] secret;
    private byte[] req1;
    private byte[] skey;
    private Rc4 decrypt;
    private int provide;
    private int padC;

    public MseReceiver(EncryptionPolicy policy, SkeyDirectory torrents, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.torrents = Objects.requireNonNull(torrents, "torrents");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Whether this handshake's shared secret is one that an older libtorrent in our place would
     * misread, finding no torrent and closing (about 1 in 256; see
     * {@link MseInitiator#secretMisreadByOldLibtorrent()}); false until the peer's key is in. A test
     * peer uses it to act as such a libtorrent; this receiver itself reads every secret right.
     */
    public boolean secretMisreadByOldLibtorrent() {
        return secret != null && Mse.misreadByOldLibtorrent(secret);
    }

    /** Takes the next bytes read from the connection. Not to be called again after a final step. */
    public MseStep feed(byte[] b, int off, int len) {
        return run(b, off, len);
    }

    @Override
    MseStep advance(ByteArrayOutputStream send) {
        switch (state) {
            case DETECT -> {
                int n = Math.min(in.available(), BT_PROTOCOL.length);
                for (int k = 0; k < n; k++) {
                    if (in.get(k) != BT_PROTOCOL[k]) {
                        if (!policy.allowsEncrypted()) {
                            return new MseStep.Failed(MseStep.Kind.ENCRYPTION_REFUSED,
                                    "not a BitTorrent handshake, and encryption is disabled");
                        }
                        state = State.PUBLIC_KEY;
                        return null;
                    }
                }
                if (n < BT_PROTOCOL.length) {
                    return pending(send);
                }
                if (!policy.allowsPlaintext()) {
                    return new MseStep.Failed(MseStep.Kind.PLAINTEXT_REFUSED,
                            "plaintext BitTorrent handshake, and encryption is required");
                }
                return new MseStep.Established(send.toByteArray(), MseSession.none(), in.rest());
            }
            case PUBLIC_KEY -> {
                if (in.available() < Mse.KEY_LENGTH) {
                    return pending(send);
                }
                keys = Mse.newKeyPair(random);
                secret = Mse.sharedSecret(keys, in.take(Mse.KEY_LENGTH), 0);
                if (secret == null) {
                    return new MseStep.Failed(MseStep.Kind.BAD_KEY, "the peer's Diffie-Hellman key is degenerate");
                }
                req1 = Mse.req1(secret);
                send.writeBytes(keys.publicKey());
                send.writeBytes(Mse.randomPad(random));
                state = State.SYNC;
                return null;
            }
            case SYNC -> {
                int at = in.find(req1, Mse.MAX_PAD);
                if (at < 0) {
                    if (in.available() >= Mse.MAX_PAD + Mse.HASH_LENGTH) {
                        return new MseStep.Failed(MseStep.Kind.NO_SYNC,
                                "no HASH('req1', S) within " + Mse.MAX_PAD + " bytes of padding");
                    }
                    return pending(send);
                }
                in.skip(at + Mse.HASH_LENGTH);
                state = State.SKEY;
                return null;
            }
            case SKEY -> {
                if (in.available() < Mse.HASH_LENGTH) {
                    return pending(send);
                }
                byte[] req2 = Mse.xor(in.take(Mse.HASH_LENGTH), Mse.req3(secret));
                skey = torrents.find(req2);
                if (skey == null) {
                    return new MseStep.Failed(MseStep.Kind.UNKNOWN_TORRENT, "the SKEY names no torrent we serve");
                }
                decrypt = Mse.keyA(secret, skey);
                state = State.PROVIDE;
                return null;
            }
            case PROVIDE -> {
                int need = Mse.VC_LENGTH + Mse.CRYPTO_FIELD_LENGTH + Mse.LENGTH_FIELD;
                if (in.available() < need) {
                    return pending(send);
                }
                byte[] f = in.take(need);
                decrypt.apply(f, 0, need);
                for (int k = 0; k < Mse.VC_LENGTH; k++) {
                    if (f[k] != 0) {
                        return new MseStep.Failed(MseStep.Kind.NO_SYNC, "the verification constant is not zero");
                    }
                }
                provide = BigEndian.readInt(f, Mse.VC_LENGTH);
                padC = ((f[need - 2] & 0xFF) << 8) | (f[need - 1] & 0xFF);
                if (padC > Mse.MAX_PAD) {
                    return new MseStep.Failed(MseStep.Kind.BAD_LENGTH, "PadC of " + padC + " bytes");
                }
                state = State.PAD_C;
                return null;
            }
            case PAD_C -> {
                if (in.available() < padC + Mse.LENGTH_FIELD) {
                    return pending(send);
                }
                byte[] f = in.take(padC + Mse.LENGTH_FIELD);
                decrypt.apply(f, 0, f.length);
                int ia = ((f[padC] & 0xFF) << 8) | (f[padC + 1] & 0xFF);
                return select(send, ia);
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private MseStep select(ByteArrayOutputStream send, int initialPayload) {
        int method;
        if ((provide & Mse.CRYPTO_RC4) != 0) {
            method = Mse.CRYPTO_RC4; // prefer and require alike: when the peer can encrypt, we do
        } else if ((provide & Mse.CRYPTO_PLAINTEXT) != 0 && policy.allowsPlaintext()) {
            method = Mse.CRYPTO_PLAINTEXT;
        } else {
            return new MseStep.Failed(MseStep.Kind.NO_COMMON_METHOD, "crypto_provide " + provide
                    + " offers nothing our policy (" + policy.key() + ") accepts");
        }
        Rc4 encrypt = Mse.keyB(secret, skey);
        byte[] answer = new byte[Mse.VC_LENGTH + Mse.CRYPTO_FIELD_LENGTH + Mse.LENGTH_FIELD]; // PadD empty
        answer[Mse.VC_LENGTH + Mse.CRYPTO_FIELD_LENGTH - 1] = (byte) method;
        encrypt.apply(answer, 0, answer.length);
        send.writeBytes(answer);
        MseSession session = method == Mse.CRYPTO_RC4 ? MseSession.rc4(encrypt, decrypt, skey)
                : MseSession.plaintext(decrypt, initialPayload, skey);
        byte[] payload = in.rest();
        session.decrypt(payload, 0, payload.length);
        return new MseStep.Established(send.toByteArray(), session, payload);
    }
}
