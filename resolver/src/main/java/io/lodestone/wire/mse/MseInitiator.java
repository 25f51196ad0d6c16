package io.lodestone.wire.mse;

import io.lodestone.wire.BigEndian;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The initiating side (A) of an MSE handshake for one torrent (the SKEY, its 20-byte info-hash):
 * sends Ya and PadA, waits for Yb, sends the sync hashes, {@code crypto_provide} and the initial
 * payload (IA: typically the BitTorrent handshake, so it costs no extra round trip), then finds
 * the receiver's encrypted VC and reads its {@code crypto_select}. Bytes in, bytes and a decision
 * out; no I/O.
 */
public final class MseInitiator extends StepLoop {

    private enum State { START, PUBLIC_KEY, SYNC, SELECT, PAD_D }

    private final byte[] skey;
    private final int provide;
    private final RandomGenerator random;
    private final Mse.KeyPair keys;
    private State state = State.START;
    private byte[] initialPayload = new byte[0];
    private byte[] vcPattern;
    private Rc4 encrypt;
    private Rc4 decrypt;
    private int select;
    private int padD;
    private boolean misreadable;

    /**
     * @param skey   the info-hash of the torrent meant (v1, or v2 truncated): 20 bytes
     * @param policy {@link EncryptionPolicy#REQUIRE} offers RC4 only; otherwise RC4 and plaintext
     */
    public MseInitiator(byte[] skey, EncryptionPolicy policy, RandomGenerator random) {
        this(skey, provided(policy), random);
    }

    /** Offering exactly the {@code provide} bits (tests offer plaintext alone, as some clients do). */
    MseInitiator(byte[] skey, int provide, RandomGenerator random) {
        if (Objects.requireNonNull(skey, "skey").length != Mse.HASH_LENGTH) {
            throw new IllegalArgumentException("an SKEY is a 20-byte info-hash, not " + skey.length + " bytes");
        }
        this.skey = skey.clone();
        this.provide = provide;
        this.random = Objects.requireNonNull(random, "random");
        this.keys = Mse.newKeyPair(random);
    }

    private static int provided(EncryptionPolicy policy) {
        return switch (policy) {
            case REQUIRE -> Mse.CRYPTO_RC4;
            case PREFER -> Mse.CRYPTO_RC4 | Mse.CRYPTO_PLAINTEXT;
            case DISABLE -> throw new IllegalArgumentException("no MSE handshake when encryption is disabled");
        };
    }

    /** Ya and PadA: the first bytes to send. */
    public byte[] start() {
        if (state != State.START) {
            throw new IllegalStateException("already started");
        }
        state = State.PUBLIC_KEY;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(keys.publicKey());
        out.writeBytes(Mse.randomPad(random));
        return out.toByteArray();
    }

    /**
     * Whether this handshake's shared secret is one an older libtorrent receiver misreads (about 1
     * in 256): it cannot tell which torrent we mean and closes. A caller that sees the peer close
     * such a handshake may dial again with a new key (a new initiator) before taking it for a refusal.
     */
    public boolean secretMisreadByOldLibtorrent() {
        return misreadable;
    }

    /** Whether the initial payload still can be set: Yb has not arrived yet. */
    public boolean acceptsInitialPayload() {
        return state == State.START || state == State.PUBLIC_KEY;
    }

    /**
     * What goes in IA, sent with the third message when Yb arrives; at most
     * {@link Mse#MAX_INITIAL_PAYLOAD} bytes.
     */
    public void initialPayload(byte[] ia) {
        if (!acceptsInitialPayload()) {
            throw new IllegalStateException("the initial payload was sent already");
        }
        if (ia.length > Mse.MAX_INITIAL_PAYLOAD) {
            throw new IllegalArgumentException("initial payload of " + ia.length + " bytes");
        }
        initialPayload = ia.clone();
    }

    /** Takes the next bytes read from the connection. Not to be called again after a final step. */
    public MseStep feed(byte[] b, int off, int len) {
        if (state == State.START) {
            throw new IllegalStateException("not started");
        }
        return run(b, off, len);
    }

    @Override
    MseStep advance(ByteArrayOutputStream send) {
        switch (state) {
            case PUBLIC_KEY -> {
                if (in.available() < Mse.KEY_LENGTH) {
                    return pending(send);
                }
                byte[] secret = Mse.sharedSecret(keys, in.take(Mse.KEY_LENGTH), 0);
                if (secret == null) {
                    return new MseStep.Failed(MseStep.Kind.BAD_KEY, "the peer's Diffie-Hellman key is degenerate");
                }
                misreadable = Mse.misreadByOldLibtorrent(secret);
                encrypt = Mse.keyA(secret, skey);
                decrypt = Mse.keyB(secret, skey);
                vcPattern = Mse.keyB(secret, skey).applied(new byte[Mse.VC_LENGTH], 0, Mse.VC_LENGTH);
                send.writeBytes(Mse.req1(secret));
                send.writeBytes(Mse.xor(Mse.req2(skey), Mse.req3(secret)));
                int fixed = Mse.VC_LENGTH + Mse.CRYPTO_FIELD_LENGTH + Mse.LENGTH_FIELD + Mse.LENGTH_FIELD;
                // PadC is sent empty, as libtorrent does: the spec keeps it for later extensions
                byte[] tail = new byte[fixed + initialPayload.length];
                tail[Mse.VC_LENGTH + Mse.CRYPTO_FIELD_LENGTH - 1] = (byte) provide;
                tail[fixed - 2] = (byte) (initialPayload.length >>> 8);
                tail[fixed - 1] = (byte) initialPayload.length;
                System.arraycopy(initialPayload, 0, tail, fixed, initialPayload.length);
                encrypt.apply(tail, 0, tail.length);
                send.writeBytes(tail);
                state = State.SYNC;
                return null;
            }
            case SYNC -> {
                int at = in.find(vcPattern, Mse.MAX_PAD);
                if (at < 0) {
                    if (in.available() >= Mse.MAX_PAD + Mse.VC_LENGTH) {
                        return new MseStep.Failed(MseStep.Kind.NO_SYNC,
                                "no encrypted VC within " + Mse.MAX_PAD + " bytes of padding");
                    }
                    return pending(send);
                }
                in.skip(at);
                decrypt.apply(in.take(Mse.VC_LENGTH), 0, Mse.VC_LENGTH);
                state = State.SELECT;
                return null;
            }
            case SELECT -> {
                int need = Mse.CRYPTO_FIELD_LENGTH + Mse.LENGTH_FIELD;
                if (in.available() < need) {
                    return pending(send);
                }
                byte[] f = in.take(need);
                decrypt.apply(f, 0, need);
                select = BigEndian.readInt(f, 0);
                if ((select != Mse.CRYPTO_RC4 && select != Mse.CRYPTO_PLAINTEXT) || (select & provide) == 0) {
                    return new MseStep.Failed(MseStep.Kind.NO_COMMON_METHOD, "the peer selected crypto " + select
                            + ", we offered " + provide);
                }
                padD = ((f[4] & 0xFF) << 8) | (f[5] & 0xFF);
                if (padD > Mse.MAX_PAD) {
                    return new MseStep.Failed(MseStep.Kind.BAD_LENGTH, "PadD of " + padD + " bytes");
                }
                state = State.PAD_D;
                return null;
            }
            case PAD_D -> {
                if (in.available() < padD) {
                    return pending(send);
                }
                decrypt.apply(in.take(padD), 0, padD);
                MseSession session = select == Mse.CRYPTO_RC4 ? MseSession.rc4(encrypt, decrypt, skey)
                        : MseSession.plaintext(null, 0, skey);
                byte[] payload = in.rest();
                session.decrypt(payload, 0, payload.length);
                return new MseStep.Established(send.toByteArray(), session, payload);
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

}
