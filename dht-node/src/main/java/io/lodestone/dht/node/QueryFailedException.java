package io.lodestone.dht.node;

/** Why a query got no usable answer. Carries no stack trace: failures are routine on a DHT. */
public final class QueryFailedException extends RuntimeException {

    public enum Reason { TIMEOUT, ERROR_RESPONSE, MALFORMED_RESPONSE, RATE_LIMITED, SEND_FAILED, CLOSED }

    private final Reason reason;

    public QueryFailedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
