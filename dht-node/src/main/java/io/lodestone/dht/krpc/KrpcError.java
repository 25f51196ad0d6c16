package io.lodestone.dht.krpc;

/**
 * The body of a KRPC error ({@code y} = "e"): a code and a human-readable message (BEP 5).
 *
 * <p>Messages longer than {@value #MAX_MESSAGE_CODE_POINTS} code points are cut there: a reason is
 * diagnostic only, and the cap keeps any error we echo or re-encode well inside one datagram.
 */
public record KrpcError(int code, String message) {

    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    /** Malformed packet, invalid arguments or bad token. */
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;

    public static final int MAX_MESSAGE_CODE_POINTS = 256;

    public KrpcError {
        if (message == null) {
            throw new IllegalArgumentException("null message");
        }
        if (message.codePointCount(0, message.length()) > MAX_MESSAGE_CODE_POINTS) {
            message = message.substring(0, message.offsetByCodePoints(0, MAX_MESSAGE_CODE_POINTS));
        }
    }

    public static KrpcError generic(String message) {
        return new KrpcError(GENERIC, message);
    }

    public static KrpcError server(String message) {
        return new KrpcError(SERVER, message);
    }

    public static KrpcError protocol(String message) {
        return new KrpcError(PROTOCOL, message);
    }

    public static KrpcError methodUnknown(String message) {
        return new KrpcError(METHOD_UNKNOWN, message);
    }
}
