package io.lodestone.dht.krpc;

/**
 * Thrown inside the codec where the transaction id and message kind are not at hand; the decode
 * entry points turn it into a {@link KrpcFormatException} that has them. No stack trace, as for
 * that exception.
 */
final class Malformed extends RuntimeException {
    Malformed(String reason) {
        super(reason, null, false, false);
    }
}
