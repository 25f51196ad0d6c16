package io.lodestone.index.http;

/**
 * A request that cannot be served, with the status and the one-line reason the client gets
 * ({@code {"error": reason}} on the API, an error page on the web pages).
 */
public final class HttpError extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int SERVICE_UNAVAILABLE = 503;
    public static final int GATEWAY_TIMEOUT = 504;

    private final int status;

    public HttpError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public static HttpError badRequest(String reason) {
        return new HttpError(BAD_REQUEST, reason);
    }

    public static HttpError notFound(String reason) {
        return new HttpError(NOT_FOUND, reason);
    }

    public static HttpError unavailable(String reason) {
        return new HttpError(SERVICE_UNAVAILABLE, reason);
    }

    public static HttpError gatewayTimeout(String reason) {
        return new HttpError(GATEWAY_TIMEOUT, reason);
    }

    public int status() {
        return status;
    }
}
