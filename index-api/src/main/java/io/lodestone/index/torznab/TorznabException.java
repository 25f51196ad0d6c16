package io.lodestone.index.torznab;

/**
 * A request Torznab answers with an error element. Codes are Newznab's: 100 incorrect user
 * credentials, 102 insufficient privileges, 200 missing parameter, 201 incorrect parameter,
 * 202 no such function, 203 function not available, 300 no such item, 500 request limit reached,
 * 900 unknown error.
 */
public final class TorznabException extends RuntimeException {
    public static final int BAD_CREDENTIALS = 100;
    public static final int INSUFFICIENT_PRIVILEGES = 102;
    public static final int MISSING_PARAMETER = 200;
    public static final int INCORRECT_PARAMETER = 201;
    public static final int NO_SUCH_FUNCTION = 202;
    public static final int FUNCTION_NOT_AVAILABLE = 203;
    public static final int NO_SUCH_ITEM = 300;
    public static final int REQUEST_LIMIT = 500;
    public static final int UNKNOWN = 900;

    private final int code;

    public TorznabException(int code, String description) {
        super(description);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The Torznab code for an HTTP status the server's guard answered with. */
    public static int codeForStatus(int status) {
        return switch (status) {
            case 401 -> BAD_CREDENTIALS;
            case 403 -> INSUFFICIENT_PRIVILEGES;
            case 400 -> INCORRECT_PARAMETER;
            case 404 -> NO_SUCH_ITEM;
            case 429 -> REQUEST_LIMIT;
            default -> UNKNOWN;
        };
    }
}
