package io.lodestone.wire.mse;

/**
 * RC4 as MSE uses it: keyed with a 20-byte SHA-1, the first {@value #DISCARD} bytes of keystream
 * thrown away (the spec's answer to RC4's weak first bytes). Stateful: one instance per direction
 * of one connection, applied to the stream in order.
 */
public final class Rc4 {

    /** Keystream bytes skipped before the first byte is used (MSE spec). */
    public static final int DISCARD = 1024;

    private final byte[] s = new byte[256];
    private int i;
    private int j;

    public Rc4(byte[] key) {
        if (key.length == 0 || key.length > 256) {
            throw new IllegalArgumentException("RC4 key of " + key.length + " bytes");
        }
        for (int k = 0; k < 256; k++) {
            s[k] = (byte) k;
        }
        int jj = 0;
        for (int k = 0; k < 256; k++) {
            jj = (jj + s[k] + key[k % key.length]) & 0xFF;
            byte t = s[k];
            s[k] = s[jj];
            s[jj] = t;
        }
        apply(new byte[DISCARD], 0, DISCARD);
    }

    /** XORs the next {@code len} keystream bytes into {@code b[off..off+len)}, in place. */
    public void apply(byte[] b, int off, int len) {
        int x = i;
        int y = j;
        byte[] st = s;
        for (int k = off, end = off + len; k < end; k++) {
            x = (x + 1) & 0xFF;
            byte sx = st[x];
            y = (y + sx) & 0xFF;
            byte sy = st[y];
            st[x] = sy;
            st[y] = sx;
            b[k] ^= st[(sx + sy) & 0xFF];
        }
        i = x;
        j = y;
    }

    /** A copy of {@code b[off..off+len)} with the keystream applied. */
    public byte[] applied(byte[] b, int off, int len) {
        byte[] out = java.util.Arrays.copyOfRange(b, off, off + len);
        apply(out, 0, len);
        return out;
    }
}
