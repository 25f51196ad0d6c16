package io.lodestone.ops.cli;

/** Input the user can fix: reported as one line on stderr with exit code 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
