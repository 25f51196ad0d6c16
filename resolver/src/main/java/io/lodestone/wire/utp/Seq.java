package io.lodestone.wire.utp;

/** 16-bit wrapping sequence-number arithmetic (BEP 29 sequence and ack numbers). */
final class Seq {

    private Seq() {
    }

    /** {@code a - b} as a signed distance within half the sequence space. */
    static int diff(int a, int b) {
        return (short) (a - b);
    }

    static int next(int a) {
        return (a + 1) & 0xFFFF;
    }

    static int plus(int a, int n) {
        return (a + n) & 0xFFFF;
    }
}
