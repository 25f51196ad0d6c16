package io.lodestone.wire.mse;

/**
 * The two directions of a connection once its MSE handshake is over: RC4 both ways when RC4 was
 * selected; nothing when plaintext was, except that a receiver still decrypts the initial
 * payload (IA), which the initiator sent under RC4 before it knew the selection. Methods are called
 * in stream order, from one thread at a time per direction.
 */
public final class MseSession {

    private final int method;
    private final Rc4 out;
    private Rc4 in;
    /** Input bytes still to decrypt although plaintext was selected (the rest of IA). */
    private long encryptedInput;
    private final byte[] skey;

    private MseSession(int method, Rc4 out, Rc4 in, long encryptedInput, byte[] skey) {
        this.method = method;
        this.out = out;
        this.in = in;
        this.encryptedInput = encryptedInput;
        this.skey = skey;
    }

    /** RC4 both ways. */
    static MseSession rc4(Rc4 out, Rc4 in, byte[] skey) {
        return new MseSession(Mse.CRYPTO_RC4, out, in, Long.MAX_VALUE, skey);
    }

    /** Plaintext selected; the first {@code encryptedInput} bytes read are still RC4 under {@code in}. */
    static MseSession plaintext(Rc4 in, int encryptedInput, byte[] skey) {
        return new MseSession(Mse.CRYPTO_PLAINTEXT, null, encryptedInput > 0 ? in : null, encryptedInput, skey);
    }

    /** No MSE at all: the peer opened with a plain BitTorrent handshake. */
    static MseSession none() {
        return new MseSession(0, null, null, 0, null);
    }

    /** Whether RC4 runs over the payload. */
    public boolean encrypted() {
        return method == Mse.CRYPTO_RC4;
    }

    /** Whether a plaintext BitTorrent handshake came instead of MSE. */
    public boolean plainHandshake() {
        return method == 0;
    }

    /** Whether nothing is left to transform either way: a transport may drop the session. */
    public boolean transparent() {
        return out == null && in == null;
    }

    /** The torrent the initiator meant (receiver side, after MSE), or null. */
    public byte[] skey() {
        return skey == null ? null : skey.clone();
    }

    public void encrypt(byte[] b, int off, int len) {
        if (out != null) {
            out.apply(b, off, len);
        }
    }

    public void decrypt(byte[] b, int off, int len) {
        if (in == null) {
            return;
        }
        int n = (int) Math.min(len, encryptedInput);
        in.apply(b, off, n);
        if (method != Mse.CRYPTO_RC4) {
            encryptedInput -= n;
            if (encryptedInput == 0) {
                in = null;
            }
        }
    }

    @Override
    public String toString() {
        return method == 0 ? "plain handshake" : encrypted() ? "MSE rc4" : "MSE plaintext";
    }
}
