package io.lodestone.wire.mse;

import java.io.ByteArrayOutputStream;

/**
 * What both handshake sides share: buffer what arrives, run states until one needs more bytes or
 * the handshake ends, and refuse input once it has ended.
 */
abstract class StepLoop {

    final HandshakeBuffer in = new HandshakeBuffer();
    private boolean over;

    /** Runs one state; null when it moved on and the next should run at once. */
    abstract MseStep advance(ByteArrayOutputStream send);

    final MseStep run(byte[] b, int off, int len) {
        if (over) {
            throw new IllegalStateException("the handshake is over");
        }
        in.append(b, off, len);
        ByteArrayOutputStream send = new ByteArrayOutputStream();
        MseStep step;
        do {
            step = advance(send);
        } while (step == null);
        over = !(step instanceof MseStep.Pending);
        return step;
    }

    /** Bytes received and not yet consumed: bounded by the spec's limits, whatever arrives. */
    final int buffered() {
        return in.available();
    }

    static MseStep pending(ByteArrayOutputStream send) {
        return new MseStep.Pending(send.toByteArray());
    }
}
